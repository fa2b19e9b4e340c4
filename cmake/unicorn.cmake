# Unicorn 2.1.1, exactly (docs/DESIGN.md: 2.0.1 is 10x slower on stores and has no
# virtual TLB; 2.1.4 is 6x slower). Default: Debian 13's packages unpacked into a
# prefix inside the build tree. -DEMU_SYSTEM_UNICORN=ON uses the system's instead.
if(EMU_SYSTEM_UNICORN)
  find_path(UNICORN_INCLUDE_DIR unicorn/unicorn.h)
  find_library(UNICORN_LIBRARY unicorn)
else()
  set(UNICORN_PREFIX ${CMAKE_BINARY_DIR}/unicorn-2.1.1)
  execute_process(COMMAND sh ${CMAKE_CURRENT_LIST_DIR}/fetch-unicorn.sh ${UNICORN_PREFIX}
                  RESULT_VARIABLE fetch_result)
  if(NOT fetch_result EQUAL 0)
    message(FATAL_ERROR "Could not fetch Unicorn 2.1.1 from Debian 13 (see above). "
                        "To use the system's Unicorn instead: -DEMU_SYSTEM_UNICORN=ON")
  endif()
  set(UNICORN_INCLUDE_DIR ${UNICORN_PREFIX}/usr/include)
  set(UNICORN_LIBRARY ${UNICORN_PREFIX}/usr/lib/x86_64-linux-gnu/libunicorn.so.2)
endif()
if(NOT UNICORN_INCLUDE_DIR OR NOT UNICORN_LIBRARY)
  message(FATAL_ERROR "Unicorn not found (EMU_SYSTEM_UNICORN=${EMU_SYSTEM_UNICORN})")
endif()
file(STRINGS ${UNICORN_INCLUDE_DIR}/unicorn/unicorn.h uc_ver_lines
     REGEX "#define UC_API_(MAJOR|MINOR|PATCH) ")
foreach(line ${uc_ver_lines})
  string(REGEX MATCH "UC_API_([A-Z]+) ([0-9]+)" _ ${line})
  set(UC_${CMAKE_MATCH_1} ${CMAKE_MATCH_2})
endforeach()
set(UNICORN_VERSION "${UC_MAJOR}.${UC_MINOR}.${UC_PATCH}")
if(UNICORN_VERSION VERSION_LESS 2.1)
  message(FATAL_ERROR "Found Unicorn ${UNICORN_VERSION} at ${UNICORN_INCLUDE_DIR}; emu needs "
                      "2.1 or newer (2.1.1 recommended). Drop -DEMU_SYSTEM_UNICORN to fetch 2.1.1.")
endif()
message(STATUS "Unicorn ${UNICORN_VERSION}: ${UNICORN_LIBRARY}")
add_library(emu::unicorn SHARED IMPORTED)
set_target_properties(emu::unicorn PROPERTIES IMPORTED_LOCATION ${UNICORN_LIBRARY}
                      INTERFACE_INCLUDE_DIRECTORIES ${UNICORN_INCLUDE_DIR})
set(CMAKE_BUILD_RPATH ${CMAKE_BUILD_RPATH} ${UNICORN_PREFIX}/usr/lib/x86_64-linux-gnu)
