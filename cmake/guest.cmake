# Guest programs: x86-64 Linux binaries that emu runs. They are built with the
# target toolchains directly (gcc -static, musl-gcc -static, or plain gcc for a
# dynamic PIE), never with emu's own flags (no sanitizers), so the same file runs
# natively and under emu.
find_program(MUSL_GCC musl-gcc)
if(NOT MUSL_GCC)
  message(FATAL_ERROR "musl-gcc not found: apt-get install musl-tools")
endif()
find_program(GLIBC_GCC gcc)

# emu_guest_program(NAME <out> SOURCES <files...> LIBC glibc|musl [PIE|DYNAMIC]
#                   [FLAGS ...])
# builds ${CMAKE_CURRENT_BINARY_DIR}/<out> and a target guest-<dir>-<out>. PIE is a
# static-pie; DYNAMIC the compiler's default (a PIE that the libc's dynamic linker
# loads: /lib64/ld-linux-x86-64.so.2 or /lib/ld-musl-x86_64.so.1).
function(emu_guest_program)
  cmake_parse_arguments(G "PIE;DYNAMIC" "NAME;LIBC" "SOURCES;FLAGS" ${ARGN})
  if(G_LIBC STREQUAL "musl")
    set(cc ${MUSL_GCC})
  else()
    set(cc ${GLIBC_GCC})
  endif()
  if(G_PIE)
    set(link -static-pie -fPIE)
  elseif(G_DYNAMIC)
    set(link)
  else()
    set(link -static -fno-pie -no-pie)
  endif()
  set(srcs)
  foreach(s ${G_SOURCES})
    list(APPEND srcs ${CMAKE_CURRENT_SOURCE_DIR}/${s})
  endforeach()
  set(out ${CMAKE_CURRENT_BINARY_DIR}/${G_NAME})
  add_custom_command(OUTPUT ${out}
    COMMAND ${cc} -O2 -g -Wall -Werror -D_GNU_SOURCE ${link} ${G_FLAGS} -o ${out} ${srcs}
    DEPENDS ${srcs} VERBATIM)
  file(RELATIVE_PATH dir ${PROJECT_SOURCE_DIR} ${CMAKE_CURRENT_SOURCE_DIR})
  string(REPLACE "/" "-" dir "${dir}")
  add_custom_target(guest-${dir}-${G_NAME} ALL DEPENDS ${out})
endfunction()
