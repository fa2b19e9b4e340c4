/* The system call table: number, name, handler, how the trace shows each argument
 * and the result. One line per call; the handler lives in the file named after
 * Linux's (kernel/fs/read_write.c has sys_read, kernel/mm/mmap.c has sys_mmap ...).
 * README.md lists SYSCALLS' names (tests/trace/readme-syscalls checks it). */
#include <emu/syscall.h>
#include <stddef.h>

#define SYSCALLS(X) \
	X(0, read, R_INT, 3, A_FD, A_BUF_OUT, A_UINT) \
	X(1, write, R_INT, 3, A_FD, A_BUF_IN, A_UINT) \
	X(2, open, R_INT, 3, A_PATH, A_OPEN_FLAGS, A_MODE) \
	X(3, close, R_INT, 1, A_FD) \
	X(436, close_range, R_INT, 3, A_UINT, A_UINT, A_HEX) \
	X(437, openat2, R_INT, 4, A_DIRFD, A_PATH, A_PTR, A_UINT) \
	X(4, stat, R_INT, 2, A_PATH, A_STAT_OUT) \
	X(5, fstat, R_INT, 2, A_FD, A_STAT_OUT) \
	X(6, lstat, R_INT, 2, A_PATH, A_STAT_OUT) \
	X(7, poll, R_INT, 3, A_PTR, A_UINT, A_INT) \
	X(8, lseek, R_INT, 3, A_FD, A_LONG, A_WHENCE) \
	X(319, memfd_create, R_INT, 2, A_PATH, A_HEX) \
	X(137, statfs, R_INT, 2, A_PATH, A_PTR) \
	X(138, fstatfs, R_INT, 2, A_FD, A_PTR) \
	X(9, mmap, R_HEX, 6, A_PTR, A_UINT, A_PROT, A_MMAP_FLAGS, A_FD, A_HEX) \
	X(10, mprotect, R_INT, 3, A_PTR, A_UINT, A_PROT) \
	X(11, munmap, R_INT, 2, A_PTR, A_UINT) \
	X(12, brk, R_HEX, 1, A_PTR) \
	X(13, rt_sigaction, R_INT, 4, A_SIGNAL, A_SIGACTION, A_SIGACTION_OUT, A_UINT) \
	X(14, rt_sigprocmask, R_INT, 4, A_SIGMASK_HOW, A_SIGSET, A_SIGSET_OUT, A_UINT) \
	X(15, rt_sigreturn, R_INT, 1, A_SIGRETURN) \
	X(34, pause, R_INT, 0) \
	X(36, getitimer, R_INT, 2, A_ITIMER_WHICH, A_ITIMERVAL_OUT) \
	X(37, alarm, R_INT, 1, A_UINT) \
	X(38, setitimer, R_INT, 3, A_ITIMER_WHICH, A_ITIMERVAL_IN, A_ITIMERVAL_OUT) \
	X(62, kill, R_INT, 2, A_INT, A_SIGNAL) \
	X(127, rt_sigpending, R_INT, 2, A_SIGSET_OUT, A_UINT) \
	X(128, rt_sigtimedwait, R_INT, 4, A_SIGSET, A_PTR_OUT, A_TIMESPEC_IN, A_UINT) \
	X(129, rt_sigqueueinfo, R_INT, 3, A_INT, A_SIGNAL, A_PTR) \
	X(130, rt_sigsuspend, R_INT, 2, A_SIGSET, A_UINT) \
	X(131, sigaltstack, R_INT, 2, A_STACK_IN, A_STACK_OUT) \
	X(200, tkill, R_INT, 2, A_INT, A_SIGNAL) \
	X(234, tgkill, R_INT, 3, A_INT, A_INT, A_SIGNAL) \
	X(297, rt_tgsigqueueinfo, R_INT, 4, A_INT, A_INT, A_SIGNAL, A_PTR) \
	X(16, ioctl, R_INT, 3, A_FD, A_IOCTL, A_HEX) \
	X(17, pread64, R_INT, 4, A_FD, A_BUF_OUT, A_UINT, A_LONG) \
	X(18, pwrite64, R_INT, 4, A_FD, A_BUF_IN, A_UINT, A_LONG) \
	X(19, readv, R_INT, 3, A_FD, A_IOV_OUT, A_INT) \
	X(20, writev, R_INT, 3, A_FD, A_IOV_IN, A_INT) \
	X(21, access, R_INT, 2, A_PATH, A_ACCESS_MODE) \
	X(22, pipe, R_INT, 1, A_FD_PAIR) \
	X(23, select, R_INT, 5, A_INT, A_PTR, A_PTR, A_PTR, A_PTR) \
	X(24, sched_yield, R_INT, 0) \
	X(25, mremap, R_HEX, 5, A_PTR, A_UINT, A_UINT, A_MREMAP_FLAGS, A_PTR) \
	X(26, msync, R_INT, 3, A_PTR, A_UINT, A_HEX) \
	X(27, mincore, R_INT, 3, A_PTR, A_UINT, A_PTR) \
	X(29, shmget, R_INT, 3, A_INT, A_UINT, A_HEX) \
	X(64, semget, R_INT, 3, A_IPC_KEY, A_INT, A_IPC_FLAGS) \
	X(65, semop, R_INT, 3, A_INT, A_SEMBUF, A_UINT) \
	X(66, semctl, R_INT, 4, A_INT, A_INT, A_SEMCTL_CMD, A_SEMCTL_ARG) \
	X(220, semtimedop, R_INT, 4, A_INT, A_SEMBUF, A_UINT, A_TIMESPEC_IN) \
	X(30, shmat, R_HEX, 3, A_INT, A_PTR, A_HEX) \
	X(31, shmctl, R_INT, 3, A_INT, A_INT, A_PTR) \
	X(67, shmdt, R_INT, 1, A_PTR) \
	X(85, creat, R_INT, 2, A_PATH, A_MODE) \
	X(149, mlock, R_INT, 2, A_PTR, A_UINT) \
	X(150, munlock, R_INT, 2, A_PTR, A_UINT) \
	X(151, mlockall, R_INT, 1, A_HEX) \
	X(152, munlockall, R_INT, 0) \
	X(272, unshare, R_INT, 1, A_UNSHARE_FLAGS) \
	X(308, setns, R_INT, 2, A_FD, A_NSTYPE) \
	X(170, sethostname, R_INT, 2, A_STR, A_INT) \
	X(171, setdomainname, R_INT, 2, A_STR, A_INT) \
	X(165, mount, R_INT, 5, A_PATH, A_PATH, A_MOUNT_TYPE, A_MOUNT_FLAGS, A_MOUNT_DATA) \
	X(166, umount2, R_INT, 2, A_PATH, A_UMOUNT_FLAGS) \
	X(457, statmount, R_INT, 4, A_STATMOUNT_REQ, A_PTR, A_UINT, A_HEX) \
	X(458, listmount, R_INT, 4, A_LISTMOUNT_REQ, A_PTR, A_UINT, A_HEX) \
	X(285, fallocate, R_INT, 4, A_FD, A_INT, A_LONG, A_LONG) \
	X(325, mlock2, R_INT, 3, A_PTR, A_UINT, A_HEX) \
	X(28, madvise, R_INT, 3, A_PTR, A_UINT, A_MADVISE) \
	X(32, dup, R_INT, 1, A_FD) \
	X(33, dup2, R_INT, 2, A_FD, A_FD) \
	X(35, nanosleep, R_INT, 2, A_TIMESPEC_IN, A_PTR_OUT) \
	X(39, getpid, R_INT, 0) \
	X(40, sendfile, R_INT, 4, A_FD, A_FD, A_PTR, A_UINT) \
	X(275, splice, R_INT, 6, A_FD, A_PTR, A_FD, A_PTR, A_UINT, A_SPLICE_FLAGS) \
	X(73, flock, R_INT, 2, A_FD, A_FLOCK_OP) \
	X(41, socket, R_INT, 3, A_INT, A_HEX, A_INT) \
	X(42, connect, R_INT, 3, A_FD, A_SOCKADDR_IN, A_INT) \
	X(43, accept, R_INT, 3, A_FD, A_PTR, A_PTR) \
	X(44, sendto, R_INT, 6, A_FD, A_BUF_IN, A_UINT, A_MSG_FLAGS, A_SOCKADDR_IN, A_INT) \
	X(45, recvfrom, R_INT, 6, A_FD, A_BUF_OUT, A_UINT, A_MSG_FLAGS, A_PTR, A_PTR) \
	X(46, sendmsg, R_INT, 3, A_FD, A_PTR, A_MSG_FLAGS) \
	X(47, recvmsg, R_INT, 3, A_FD, A_PTR, A_MSG_FLAGS) \
	X(48, shutdown, R_INT, 2, A_FD, A_SHUTDOWN_HOW) \
	X(49, bind, R_INT, 3, A_FD, A_SOCKADDR_IN, A_INT) \
	X(50, listen, R_INT, 2, A_FD, A_INT) \
	X(51, getsockname, R_INT, 3, A_FD, A_PTR, A_PTR) \
	X(52, getpeername, R_INT, 3, A_FD, A_PTR, A_PTR) \
	X(53, socketpair, R_INT, 4, A_INT, A_HEX, A_INT, A_PTR) \
	X(54, setsockopt, R_INT, 5, A_FD, A_INT, A_INT, A_PTR, A_INT) \
	X(55, getsockopt, R_INT, 5, A_FD, A_INT, A_INT, A_PTR, A_PTR) \
	X(288, accept4, R_INT, 4, A_FD, A_PTR, A_PTR, A_HEX) \
	X(299, recvmmsg, R_INT, 5, A_FD, A_PTR, A_UINT, A_MSG_FLAGS, A_PTR) \
	X(307, sendmmsg, R_INT, 4, A_FD, A_PTR, A_UINT, A_MSG_FLAGS) \
	X(56, clone, R_INT, 5, A_CLONE_FLAGS, A_PTR, A_PTR, A_PTR, A_PTR) \
	X(57, fork, R_INT, 0) \
	X(58, vfork, R_INT, 0) \
	X(59, execve, R_EXEC, 3, A_PATH, A_ARGV, A_ENVP) \
	X(60, exit, R_NORETURN, 1, A_INT) \
	X(61, wait4, R_INT, 4, A_INT, A_WSTATUS, A_WAIT_OPTIONS, A_PTR_OUT) \
	X(63, uname, R_INT, 1, A_PTR) \
	X(72, fcntl, R_INT, 3, A_FD, A_FCNTL, A_FCNTL_ARG) \
	X(74, fsync, R_INT, 1, A_FD) \
	X(75, fdatasync, R_INT, 1, A_FD) \
	X(76, truncate, R_INT, 2, A_PATH, A_LONG) \
	X(77, ftruncate, R_INT, 2, A_FD, A_LONG) \
	X(79, getcwd, R_INT, 2, A_PTR, A_UINT) \
	X(80, chdir, R_INT, 1, A_PATH) \
	X(81, fchdir, R_INT, 1, A_FD) \
	X(82, rename, R_INT, 2, A_PATH, A_PATH) \
	X(83, mkdir, R_INT, 2, A_PATH, A_MODE) \
	X(84, rmdir, R_INT, 1, A_PATH) \
	X(86, link, R_INT, 2, A_PATH, A_PATH) \
	X(87, unlink, R_INT, 1, A_PATH) \
	X(88, symlink, R_INT, 2, A_PATH, A_PATH) \
	X(89, readlink, R_INT, 3, A_PATH, A_BUF_OUT, A_UINT) \
	X(90, chmod, R_INT, 2, A_PATH, A_MODE) \
	X(91, fchmod, R_INT, 2, A_FD, A_MODE) \
	X(92, chown, R_INT, 3, A_PATH, A_INT, A_INT) \
	X(93, fchown, R_INT, 3, A_FD, A_INT, A_INT) \
	X(94, lchown, R_INT, 3, A_PATH, A_INT, A_INT) \
	X(95, umask, R_OCT, 1, A_OCT) \
	X(96, gettimeofday, R_INT, 2, A_PTR, A_PTR) \
	X(97, getrlimit, R_INT, 2, A_RLIMIT_RES, A_PTR) \
	X(98, getrusage, R_INT, 2, A_INT, A_PTR) \
	X(99, sysinfo, R_INT, 1, A_PTR) \
	X(100, times, R_INT, 1, A_PTR) \
	X(102, getuid, R_INT, 0) \
	X(104, getgid, R_INT, 0) \
	X(107, geteuid, R_INT, 0) \
	X(108, getegid, R_INT, 0) \
	X(105, setuid, R_INT, 1, A_INT) \
	X(106, setgid, R_INT, 1, A_INT) \
	X(113, setreuid, R_INT, 2, A_INT, A_INT) \
	X(114, setregid, R_INT, 2, A_INT, A_INT) \
	X(116, setgroups, R_INT, 2, A_INT, A_PTR) \
	X(117, setresuid, R_INT, 3, A_INT, A_INT, A_INT) \
	X(118, getresuid, R_INT, 3, A_PTR, A_PTR, A_PTR) \
	X(119, setresgid, R_INT, 3, A_INT, A_INT, A_INT) \
	X(120, getresgid, R_INT, 3, A_PTR, A_PTR, A_PTR) \
	X(122, setfsuid, R_INT, 1, A_INT) \
	X(123, setfsgid, R_INT, 1, A_INT) \
	X(125, capget, R_INT, 2, A_PTR, A_PTR) \
	X(126, capset, R_INT, 2, A_PTR, A_PTR) \
	X(110, getppid, R_INT, 0) \
	X(109, setpgid, R_INT, 2, A_INT, A_INT) \
	X(111, getpgrp, R_INT, 0) \
	X(112, setsid, R_INT, 0) \
	X(115, getgroups, R_INT, 2, A_INT, A_PTR) \
	X(121, getpgid, R_INT, 1, A_INT) \
	X(124, getsid, R_INT, 1, A_INT) \
	X(157, prctl, R_INT, 5, A_PRCTL, A_HEX, A_HEX, A_HEX, A_HEX) \
	X(158, arch_prctl, R_INT, 2, A_ARCH_PRCTL, A_HEX) \
	X(160, setrlimit, R_INT, 2, A_RLIMIT_RES, A_RLIMIT_IN) \
	X(186, gettid, R_INT, 0) \
	X(201, time, R_INT, 1, A_PTR) \
	X(202, futex, R_INT, 6, A_PTR, A_FUTEX_OP, A_UINT, A_PTR, A_PTR, A_HEX) \
	X(140, getpriority, R_INT, 2, A_INT, A_INT) \
	X(141, setpriority, R_INT, 3, A_INT, A_INT, A_INT) \
	X(142, sched_setparam, R_INT, 2, A_INT, A_PTR) \
	X(143, sched_getparam, R_INT, 2, A_INT, A_PTR) \
	X(144, sched_setscheduler, R_INT, 3, A_INT, A_INT, A_PTR) \
	X(145, sched_getscheduler, R_INT, 1, A_INT) \
	X(146, sched_get_priority_max, R_INT, 1, A_INT) \
	X(147, sched_get_priority_min, R_INT, 1, A_INT) \
	X(148, sched_rr_get_interval, R_INT, 2, A_INT, A_PTR) \
	X(203, sched_setaffinity, R_INT, 3, A_INT, A_UINT, A_PTR) \
	X(204, sched_getaffinity, R_INT, 3, A_INT, A_UINT, A_PTR) \
	X(309, getcpu, R_INT, 3, A_PTR, A_PTR, A_PTR) \
	X(213, epoll_create, R_INT, 1, A_INT) \
	X(217, getdents64, R_INT, 3, A_FD, A_PTR, A_UINT) \
	X(218, set_tid_address, R_INT, 1, A_PTR) \
	X(228, clock_gettime, R_INT, 2, A_CLOCK, A_TIMESPEC_OUT) \
	X(229, clock_getres, R_INT, 2, A_CLOCK, A_TIMESPEC_OUT) \
	X(230, clock_nanosleep, R_INT, 4, A_CLOCK, A_TIMER_FLAGS, A_TIMESPEC_IN, A_PTR_OUT) \
	X(231, exit_group, R_NORETURN, 1, A_INT) \
	X(232, epoll_wait, R_INT, 4, A_FD, A_PTR_OUT, A_INT, A_INT) \
	X(233, epoll_ctl, R_INT, 4, A_FD, A_INT, A_FD, A_PTR) \
	X(247, waitid, R_INT, 5, A_WAITID_TYPE, A_INT, A_PTR_OUT, A_WAIT_OPTIONS, A_PTR_OUT) \
	X(257, openat, R_INT, 4, A_DIRFD, A_PATH, A_OPEN_FLAGS, A_MODE) \
	X(258, mkdirat, R_INT, 3, A_DIRFD, A_PATH, A_MODE) \
	X(260, fchownat, R_INT, 5, A_DIRFD, A_PATH, A_INT, A_INT, A_AT_FLAGS) \
	X(262, newfstatat, R_INT, 4, A_DIRFD, A_PATH, A_STAT_OUT, A_AT_FLAGS) \
	X(263, unlinkat, R_INT, 3, A_DIRFD, A_PATH, A_AT_FLAGS) \
	X(264, renameat, R_INT, 4, A_DIRFD, A_PATH, A_DIRFD, A_PATH) \
	X(265, linkat, R_INT, 5, A_DIRFD, A_PATH, A_DIRFD, A_PATH, A_AT_FLAGS) \
	X(266, symlinkat, R_INT, 3, A_PATH, A_DIRFD, A_PATH) \
	X(267, readlinkat, R_INT, 4, A_DIRFD, A_PATH, A_BUF_OUT, A_UINT) \
	X(268, fchmodat, R_INT, 3, A_DIRFD, A_PATH, A_MODE) \
	X(133, mknod, R_INT, 3, A_PATH, A_MODE, A_HEX) \
	X(259, mknodat, R_INT, 4, A_DIRFD, A_PATH, A_MODE, A_HEX) \
	X(452, fchmodat2, R_INT, 4, A_DIRFD, A_PATH, A_MODE, A_AT_FLAGS) \
	X(269, faccessat, R_INT, 3, A_DIRFD, A_PATH, A_ACCESS_MODE) \
	X(270, pselect6, R_INT, 6, A_INT, A_PTR, A_PTR, A_PTR, A_PTR, A_PTR) \
	X(271, ppoll, R_INT, 5, A_PTR, A_UINT, A_PTR, A_PTR, A_UINT) \
	X(273, set_robust_list, R_INT, 2, A_PTR, A_UINT) \
	X(274, get_robust_list, R_INT, 3, A_INT, A_PTR, A_PTR) \
	X(280, utimensat, R_INT, 4, A_DIRFD, A_PATH, A_PTR, A_AT_FLAGS) \
	X(281, epoll_pwait, R_INT, 6, A_FD, A_PTR_OUT, A_INT, A_INT, A_SIGSET, A_UINT) \
	X(284, eventfd, R_INT, 1, A_UINT) \
	X(290, eventfd2, R_INT, 2, A_UINT, A_OPEN_FLAGS) \
	X(291, epoll_create1, R_INT, 1, A_OPEN_FLAGS) \
	X(292, dup3, R_INT, 3, A_FD, A_FD, A_FD_FLAGS) \
	X(293, pipe2, R_INT, 2, A_FD_PAIR, A_FD_FLAGS) \
	X(302, prlimit64, R_INT, 4, A_INT, A_RLIMIT_RES, A_RLIMIT_IN, A_RLIMIT_OUT) \
	X(316, renameat2, R_INT, 5, A_DIRFD, A_PATH, A_DIRFD, A_PATH, A_RENAME_FLAGS) \
	X(318, getrandom, R_INT, 3, A_HEXBUF_OUT, A_UINT, A_GRND_FLAGS) \
	X(332, statx, R_INT, 5, A_DIRFD, A_PATH, A_AT_FLAGS, A_STATX_MASK, A_PTR) \
	X(188, setxattr, R_INT, 5, A_PATH, A_STR, A_PTR, A_UINT, A_HEX) \
	X(189, lsetxattr, R_INT, 5, A_PATH, A_STR, A_PTR, A_UINT, A_HEX) \
	X(190, fsetxattr, R_INT, 5, A_FD, A_STR, A_PTR, A_UINT, A_HEX) \
	X(191, getxattr, R_INT, 4, A_PATH, A_STR, A_PTR, A_UINT) \
	X(192, lgetxattr, R_INT, 4, A_PATH, A_STR, A_PTR, A_UINT) \
	X(193, fgetxattr, R_INT, 4, A_FD, A_STR, A_PTR, A_UINT) \
	X(194, listxattr, R_INT, 3, A_PATH, A_PTR, A_UINT) \
	X(195, llistxattr, R_INT, 3, A_PATH, A_PTR, A_UINT) \
	X(196, flistxattr, R_INT, 3, A_FD, A_PTR, A_UINT) \
	X(197, removexattr, R_INT, 2, A_PATH, A_STR) \
	X(198, lremovexattr, R_INT, 2, A_PATH, A_STR) \
	X(199, fremovexattr, R_INT, 2, A_FD, A_STR) \
	X(463, setxattrat, R_INT, 6, A_DIRFD, A_PATH, A_AT_FLAGS, A_STR, A_PTR, A_UINT) \
	X(464, getxattrat, R_INT, 6, A_DIRFD, A_PATH, A_AT_FLAGS, A_STR, A_PTR, A_UINT) \
	X(465, listxattrat, R_INT, 5, A_DIRFD, A_PATH, A_AT_FLAGS, A_PTR, A_UINT) \
	X(466, removexattrat, R_INT, 4, A_DIRFD, A_PATH, A_AT_FLAGS, A_STR) \
	X(334, rseq, R_INT, 4, A_PTR, A_HEX, A_INT, A_HEX) \
	X(322, execveat, R_EXEC, 5, A_DIRFD, A_PATH, A_ARGV, A_ENVP, A_AT_FLAGS) \
	X(222, timer_create, R_INT, 3, A_CLOCK, A_PTR, A_PTR) \
	X(223, timer_settime, R_INT, 4, A_INT, A_TIMER_FLAGS, A_PTR, A_PTR) \
	X(224, timer_gettime, R_INT, 2, A_INT, A_PTR) \
	X(225, timer_getoverrun, R_INT, 1, A_INT) \
	X(226, timer_delete, R_INT, 1, A_INT) \
	X(282, signalfd, R_INT, 3, A_FD, A_SIGSET, A_UINT) \
	X(289, signalfd4, R_INT, 4, A_FD, A_SIGSET, A_UINT, A_OPEN_FLAGS) \
	X(424, pidfd_send_signal, R_INT, 4, A_FD, A_SIGNAL, A_PTR, A_UINT) \
	X(434, pidfd_open, R_INT, 2, A_INT, A_UINT) \
	X(435, clone3, R_INT, 2, A_PTR, A_UINT) \
	X(323, userfaultfd, R_INT, 1, A_UFFD_FLAGS) \
	X(449, futex_waitv, R_INT, 5, A_PTR, A_UINT, A_HEX, A_TIMESPEC_IN, A_CLOCK) \
	X(454, futex_wake, R_INT, 4, A_PTR, A_HEX, A_INT, A_FUTEX2_FLAGS) \
	X(455, futex_wait, R_INT, 6, A_PTR, A_UINT, A_HEX, A_FUTEX2_FLAGS, A_TIMESPEC_IN, A_CLOCK) \
	X(456, futex_requeue, R_INT, 4, A_PTR, A_HEX, A_INT, A_INT) \
	X(462, mseal, R_INT, 3, A_PTR, A_UINT, A_HEX) \
	X(335, uretprobe, R_INT, 0) \
	X(439, faccessat2, R_INT, 4, A_DIRFD, A_PATH, A_ACCESS_MODE, A_AT_FLAGS) \
	X(441, epoll_pwait2, R_INT, 6, A_FD, A_PTR_OUT, A_INT, A_PTR, A_SIGSET, A_UINT)

/* Calls emu answers with ENOSYS that the trace still decodes as strace does (other
 * unknown calls show their name and raw arguments, kernel/trace/syscallent.c). */
#define NOT_IMPLEMENTED(X) \
	X(134, uselib, R_INT, 1, A_PATH) \
	X(153, vhangup, R_INT, 0) \
	X(156, _sysctl, R_INT, 1, A_PTR) \
	X(161, chroot, R_INT, 1, A_PATH) \
	X(162, sync, R_INT, 0) \
	X(163, acct, R_INT, 1, A_PATH) \
	X(306, syncfs, R_INT, 1, A_FD) \
	X(451, cachestat, R_INT, 4, A_FD, A_PTR, A_PTR, A_HEX) \
	X(453, map_shadow_stack, R_INT, 3, A_PTR, A_UINT, A_HEX) \
	X(459, lsm_get_self_attr, R_INT, 4, A_UINT, A_PTR, A_PTR, A_HEX) \
	X(460, lsm_set_self_attr, R_INT, 4, A_UINT, A_PTR, A_UINT, A_HEX) \
	X(461, lsm_list_modules, R_INT, 3, A_PTR, A_PTR, A_HEX)

#define DECLARE(nr, name, ...) long sys_##name(const uint64_t *args);
SYSCALLS(DECLARE)

#define ENTRY(nr, name, r, n, ...) [nr] = { #name, sys_##name, r, n, { __VA_ARGS__ } },
#define ENTRY_NI(nr, name, r, n, ...) [nr] = { #name, NULL, r, n, { __VA_ARGS__ } },
const struct syscall_desc syscall_table[NR_SYSCALLS] = {
	SYSCALLS(ENTRY)
	NOT_IMPLEMENTED(ENTRY_NI)
};
