/* The userfaultfd ABI for guest tests: <linux/userfaultfd.h> where the libc's
 * headers have it, else the few structs and numbers the tests use (musl). */
#ifndef UFFD_H
#define UFFD_H
#include <stdint.h>
#include <sys/ioctl.h>
#if __has_include(<linux/userfaultfd.h>)
#include <linux/userfaultfd.h>
#else
#define UFFD_API 0xAAULL
#define UFFD_USER_MODE_ONLY 1
#define UFFD_EVENT_PAGEFAULT 0x12
#define UFFD_PAGEFAULT_FLAG_WRITE 1
#define UFFD_FEATURE_SIGBUS (1 << 7)
#define UFFD_FEATURE_EVENT_REMAP (1 << 2)
#define UFFD_FEATURE_EVENT_REMOVE (1 << 3)
#define UFFD_FEATURE_EVENT_UNMAP (1 << 6)
#define UFFD_EVENT_REMAP 0x14
#define UFFD_EVENT_REMOVE 0x15
#define UFFD_EVENT_UNMAP 0x16
#define UFFD_FEATURE_THREAD_ID (1 << 8)
#define UFFDIO_REGISTER_MODE_MISSING 1ULL
#define UFFDIO_REGISTER_MODE_WP 2ULL
#define _UFFDIO_REGISTER 0x00
#define _UFFDIO_UNREGISTER 0x01
#define _UFFDIO_WAKE 0x02
#define _UFFDIO_COPY 0x03
#define _UFFDIO_ZEROPAGE 0x04
#define _UFFDIO_API 0x3F
#define UFFDIO 0xAA
struct uffd_msg {
	uint8_t event, reserved1;
	uint16_t reserved2;
	uint32_t reserved3;
	union {
		struct {
			uint64_t flags, address;
			union { uint32_t ptid; } feat;
		} pagefault;
		struct { uint64_t from, to, len; } remap;
		struct { uint64_t start, end; } remove;
		struct { uint64_t reserved1, reserved2, reserved3; } reserved;
	} arg;
} __attribute__((packed));
struct uffdio_api { uint64_t api, features, ioctls; };
struct uffdio_range { uint64_t start, len; };
struct uffdio_register { struct uffdio_range range; uint64_t mode, ioctls; };
struct uffdio_copy { uint64_t dst, src, len, mode; int64_t copy; };
struct uffdio_zeropage { struct uffdio_range range; uint64_t mode; int64_t zeropage; };
#define UFFDIO_API _IOWR(UFFDIO, _UFFDIO_API, struct uffdio_api)
#define UFFDIO_REGISTER _IOWR(UFFDIO, _UFFDIO_REGISTER, struct uffdio_register)
#define UFFDIO_UNREGISTER _IOR(UFFDIO, _UFFDIO_UNREGISTER, struct uffdio_range)
#define UFFDIO_WAKE _IOR(UFFDIO, _UFFDIO_WAKE, struct uffdio_range)
#define UFFDIO_COPY _IOWR(UFFDIO, _UFFDIO_COPY, struct uffdio_copy)
#define UFFDIO_ZEROPAGE _IOWR(UFFDIO, _UFFDIO_ZEROPAGE, struct uffdio_zeropage)
#endif
#ifndef SYS_userfaultfd
#define SYS_userfaultfd 323
#endif
#endif
