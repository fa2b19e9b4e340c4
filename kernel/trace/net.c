/* Socket calls as strace prints them: sockaddrs of every family emu knows, msghdr
 * and its control messages, socket options by level, and the lengths a call reads
 * and writes back ("[110 => 17]"). Names come from kernel/trace/xlat_net.c. */
#include <emu/mm.h>
#include <emu/trace_print.h>
#include <arpa/inet.h>
#include <asm/unistd_64.h>
#include <linux/netlink.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <limits.h>
#include <stddef.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>

#define MAX_MMSG 32 /* strace's array limit for mmsghdr vectors */

/* ---- the lengths a call overwrites, read as it starts ---- */

static struct {
	long nr;
	bool valid;
	int len;
} entry_len;

/* Where the call keeps a length it reads and writes back; 0 if it has none. */
static uint64_t len_addr_of(long nr, const uint64_t *args)
{
	switch (nr) {
	case __NR_accept: case __NR_accept4: case __NR_getsockname: case __NR_getpeername:
		return args[2];
	case __NR_recvfrom: return args[5];
	case __NR_getsockopt: return args[4];
	case __NR_recvmsg: return args[1] ? args[1] + offsetof(struct msghdr, msg_namelen) : 0;
	default: return 0;
	}
}

void trace_net_call_start(long nr, const uint64_t *args)
{
	uint64_t addr = len_addr_of(nr, args);

	entry_len.nr = nr;
	entry_len.valid = addr && !copy_from_user(&entry_len.len, addr, sizeof(int));
}

/* The length at addr as the call started, or -1 if it could not be read. */
static int len_at_start(long nr)
{
	return entry_len.nr == nr && entry_len.valid ? entry_len.len : -1;
}

/* A value by name, or in hex with "AF_???" in a comment, as strace's printxval. */
static void print_xval(FILE *f, const struct xlat *x, unsigned v, const char *unknown)
{
	const char *name = xlat_name(x, v);

	if (name)
		fputs(name, f);
	else
		fprintf(f, "%#x /* %s */", v, unknown);
}

/* ---- sockaddr ---- */

static void print_sockaddr_un(FILE *f, const struct sockaddr_un *sa, int len)
{
	int path_len = (len > (int)sizeof *sa ? (int)sizeof *sa : len) - (int)sizeof(sa_family_t);

	fputs("sun_path=", f);
	if (sa->sun_path[0]) {
		print_quoted(f, (const unsigned char *)sa->sun_path,
			     strnlen(sa->sun_path, path_len), false);
	} else {
		fputc('@', f);
		print_quoted(f, (const unsigned char *)sa->sun_path + 1, path_len - 1, false);
	}
}

static void print_sockaddr_in(FILE *f, const struct sockaddr_in *sa)
{
	char ip[INET_ADDRSTRLEN];

	inet_ntop(AF_INET, &sa->sin_addr, ip, sizeof ip);
	fprintf(f, "sin_port=htons(%u), sin_addr=inet_addr(\"%s\")", ntohs(sa->sin_port), ip);
}

static void print_sockaddr_in6(FILE *f, const struct sockaddr_in6 *sa, int len)
{
	char ip[INET6_ADDRSTRLEN];

	inet_ntop(AF_INET6, &sa->sin6_addr, ip, sizeof ip);
	fprintf(f, "sin6_port=htons(%u), sin6_flowinfo=htonl(%u), inet_pton(AF_INET6, \"%s\", &sin6_addr)",
		ntohs(sa->sin6_port), ntohl(sa->sin6_flowinfo), ip);
	if (len > (int)offsetof(struct sockaddr_in6, sin6_scope_id))
		fprintf(f, ", sin6_scope_id=%u", sa->sin6_scope_id);
}

static void print_sockaddr_nl(FILE *f, const struct sockaddr_nl *sa)
{
	if (sa->nl_pad)
		fprintf(f, "nl_pad=%#x, ", sa->nl_pad);
	fprintf(f, "nl_pid=%d, nl_groups=", (int)sa->nl_pid);
	if (sa->nl_groups)
		fprintf(f, "%#010x", sa->nl_groups);
	else
		fputs("00000000", f);
}

/* The family's fields, when len holds them all; the raw bytes otherwise. */
static void print_sockaddr_data(FILE *f, const void *buf, int len)
{
	const struct sockaddr *sa = buf;
	int fam = sa->sa_family;

	if (fam == AF_UNIX && len >= (int)sizeof(sa_family_t) + 1)
		print_sockaddr_un(f, buf, len);
	else if (fam == AF_INET && len >= (int)sizeof(struct sockaddr_in))
		print_sockaddr_in(f, buf);
	else if (fam == AF_INET6 && len >= (int)offsetof(struct sockaddr_in6, sin6_scope_id))
		print_sockaddr_in6(f, buf, len);
	else if (fam == AF_NETLINK && len >= (int)sizeof(struct sockaddr_nl))
		print_sockaddr_nl(f, buf);
	else {
		fputs("sa_data=", f);
		print_quoted(f, (const unsigned char *)buf + sizeof(sa_family_t),
			     len - sizeof(sa_family_t), false);
	}
}

/* {sa_family=AF_INET, sin_port=htons(80), ...}: len bytes at addr. */
void print_sockaddr(FILE *f, uint64_t addr, int len)
{
	union {
		struct sockaddr_storage ss;
		char pad[sizeof(struct sockaddr_storage) + 1];
	} buf;

	if (len < (int)sizeof(sa_family_t)) {
		print_ptr(f, addr);
		return;
	}
	if (len > (int)sizeof buf.ss)
		len = sizeof buf.ss;
	memset(&buf, 0, sizeof buf);
	if (copy_from_user(&buf, addr, len)) {
		print_ptr(f, addr);
		return;
	}
	fputs("{sa_family=", f);
	print_xval(f, xlat_address_families, buf.ss.ss_family, "AF_???");
	if (len > (int)sizeof(sa_family_t)) {
		fputs(", ", f);
		print_sockaddr_data(f, &buf, len);
	}
	fputc('}', f);
}

/* "[16]", or "[110 => 17]" when the kernel changed it. */
static void print_len_inout(FILE *f, int in, int out)
{
	if (in >= 0 && in != out)
		fprintf(f, "[%d => %d]", in, out);
	else
		fprintf(f, "[%d]", out);
}

/* An address the kernel filled and its length pointer, as accept, getsockname and
 * recvfrom show them. */
static void print_sockaddr_out(FILE *f, long nr, uint64_t addr, uint64_t len_addr, long ret)
{
	int in = len_at_start(nr), out;

	if (!addr || !len_addr || ret < 0 || copy_from_user(&out, len_addr, sizeof out)) {
		print_ptr(f, addr);
		fputs(", ", f);
		if (len_addr && in >= 0)
			fprintf(f, "[%d]", in);
		else
			print_ptr(f, len_addr);
		return;
	}
	print_sockaddr(f, addr, in >= 0 && in < out ? in : out);
	fputs(", ", f);
	print_len_inout(f, in, out);
}

/* ---- socket, socketpair ---- */

static void print_socket_head(FILE *f, const uint64_t *a)
{
	int domain = (int)a[0], type = (int)a[1], proto = (int)a[2];
	int base = type & 0xf;

	fputc('(', f);
	print_xval(f, xlat_address_families, domain, "AF_???");
	fputs(", ", f);
	print_xval(f, xlat_socket_types, base, "SOCK_???");
	if (type & ~0xf) {
		fputc('|', f);
		print_flags(f, xlat_socket_flags, type & ~0xf, NULL);
	}
	fputs(", ", f);
	if (domain == AF_INET || domain == AF_INET6)
		print_xval(f, xlat_inet_protocols, proto, "IPPROTO_???");
	else if (domain == AF_NETLINK)
		print_xval(f, xlat_netlink_protocols, proto, "NETLINK_???");
	else
		fprintf(f, "%u", (unsigned)proto);
}

size_t print_socket(FILE *f, const uint64_t *a, long ret)
{
	(void)ret;
	fputs("socket", f);
	print_socket_head(f, a);
	size_t entry = (size_t)ftell(f);
	fputc(')', f);
	return entry;
}

size_t print_socketpair(FILE *f, const uint64_t *a, long ret)
{
	fputs("socketpair", f);
	print_socket_head(f, a);
	fputs(", ", f);
	size_t entry = (size_t)ftell(f);
	if (ret < 0)
		print_ptr(f, a[3]);
	else
		print_fd_pair(f, a[3]);
	fputc(')', f);
	return entry;
}

/* ---- accept, getsockname, recvfrom ---- */

static size_t print_sockname_call(FILE *f, const uint64_t *a, long ret, long nr)
{
	fprintf(f, "%s(%d, ", nr == __NR_accept4 ? "accept4" : nr == __NR_accept ? "accept"
			      : nr == __NR_getsockname ? "getsockname" : "getpeername", (int)a[0]);
	size_t entry = (size_t)ftell(f);
	print_sockaddr_out(f, nr, a[1], a[2], ret);
	if (!a[1]) /* nothing to fill: strace shows it all as the call enters */
		entry = (size_t)ftell(f);
	if (nr == __NR_accept4) {
		fputs(", ", f);
		print_flags(f, xlat_socket_flags, a[3], NULL);
	}
	fputc(')', f);
	return entry;
}

size_t print_accept(FILE *f, const uint64_t *a, long ret)
{
	return print_sockname_call(f, a, ret, __NR_accept);
}

size_t print_accept4(FILE *f, const uint64_t *a, long ret)
{
	return print_sockname_call(f, a, ret, __NR_accept4);
}

size_t print_getsockname(FILE *f, const uint64_t *a, long ret)
{
	return print_sockname_call(f, a, ret, __NR_getsockname);
}

size_t print_getpeername(FILE *f, const uint64_t *a, long ret)
{
	return print_sockname_call(f, a, ret, __NR_getpeername);
}

size_t print_recvfrom(FILE *f, const uint64_t *a, long ret)
{
	fprintf(f, "recvfrom(%d, ", (int)a[0]);
	size_t entry = (size_t)ftell(f);
	if (ret < 0)
		print_ptr(f, a[1]);
	else
		print_buf(f, a[1], ret);
	fprintf(f, ", %lu, ", (unsigned long)a[2]);
	print_flags(f, xlat_msg_flags, a[3], NULL);
	fputs(", ", f);
	print_sockaddr_out(f, __NR_recvfrom, a[4], a[5], ret);
	fputc(')', f);
	return entry;
}

/* ---- socket options ---- */

static const struct xlat *sockopt_names(int level)
{
	switch (level) {
	case SOL_SOCKET: return xlat_sol_socket_options;
	case SOL_TCP: return xlat_sol_tcp_options;
	case SOL_IP: return xlat_sol_ip_options;
	case SOL_IPV6: return xlat_sol_ipv6_options;
	default: return NULL;
	}
}

static void print_sockopt_level_name(FILE *f, int level, int name)
{
	const struct xlat *names = sockopt_names(level);
	const char *oname = names ? xlat_name(names, name) : NULL;

	print_xval(f, xlat_socket_levels, level, "SOL_??"); /* sic: strace's, here only */
	fputs(", ", f);
	if (oname)
		fputs(oname, f);
	else if (names)
		fprintf(f, "%#x /* %s??? */", name,
			level == SOL_SOCKET ? "SO_" : level == SOL_TCP ? "TCP_" :
			level == SOL_IP ? "IP_" : "IPV6_");
	else
		fprintf(f, "%d", name);
}

/* An option's value: [int], struct linger, or its bytes. */
static void print_sockopt_value(FILE *f, int level, int name, uint64_t addr, int len)
{
	int v;
	struct linger lg;

	if (level == SOL_SOCKET && name == SO_LINGER && len == (int)sizeof lg &&
	    !copy_from_user(&lg, addr, sizeof lg))
		fprintf(f, "{l_onoff=%d, l_linger=%d}", lg.l_onoff, lg.l_linger);
	else if (len == (int)sizeof v && !copy_from_user(&v, addr, sizeof v))
		fprintf(f, "[%d]", v);
	else if (len < 0)
		print_ptr(f, addr);
	else
		print_buf(f, addr, len);
}

size_t print_setsockopt(FILE *f, const uint64_t *a, long ret)
{
	(void)ret;
	fprintf(f, "setsockopt(%d, ", (int)a[0]);
	print_sockopt_level_name(f, (int)a[1], (int)a[2]);
	fputs(", ", f);
	print_sockopt_value(f, (int)a[1], (int)a[2], a[3], (int)a[4]);
	fprintf(f, ", %d", (int)a[4]);
	size_t entry = (size_t)ftell(f);
	fputc(')', f);
	return entry;
}

size_t print_getsockopt(FILE *f, const uint64_t *a, long ret)
{
	int in = len_at_start(__NR_getsockopt), out;

	fprintf(f, "getsockopt(%d, ", (int)a[0]);
	print_sockopt_level_name(f, (int)a[1], (int)a[2]);
	fputs(", ", f);
	size_t entry = (size_t)ftell(f);
	if (ret < 0 || copy_from_user(&out, a[4], sizeof out)) {
		print_ptr(f, a[3]);
		fputs(", ", f);
		if (in >= 0)
			fprintf(f, "[%d]", in);
		else
			print_ptr(f, a[4]);
	} else {
		print_sockopt_value(f, (int)a[1], (int)a[2], a[3], out);
		fputs(", ", f);
		print_len_inout(f, in, out);
	}
	fputc(')', f);
	return entry;
}

/* ---- msghdr and control messages ---- */

static void print_scm_data(FILE *f, int type, const unsigned char *data, size_t len)
{
	if (type == SCM_RIGHTS && len >= sizeof(int)) {
		fputs(", cmsg_data=[", f);
		for (size_t i = 0; i + sizeof(int) <= len; i += sizeof(int)) {
			int fd;
			memcpy(&fd, data + i, sizeof fd);
			fprintf(f, "%s%d", i ? ", " : "", fd);
		}
		fputc(']', f);
	} else if (type == SCM_CREDENTIALS && len >= sizeof(struct ucred)) {
		struct ucred uc;
		memcpy(&uc, data, sizeof uc);
		fprintf(f, ", cmsg_data={pid=%d, uid=%u, gid=%u}", uc.pid, uc.uid, uc.gid);
	}
}

/* msg_control=[{cmsg_len=20, cmsg_level=SOL_SOCKET, cmsg_type=SCM_RIGHTS, ...}] */
static void print_msg_control(FILE *f, uint64_t addr, size_t len)
{
	unsigned char buf[4096];
	size_t left = len > sizeof buf ? sizeof buf : len, off = 0;

	fputs(", msg_control=", f);
	if (left < sizeof(struct cmsghdr) || copy_from_user(buf, addr, left)) {
		print_ptr(f, addr);
		return;
	}
	fputc('[', f);
	while (left >= sizeof(struct cmsghdr)) {
		struct cmsghdr cm;
		memcpy(&cm, buf + off, sizeof cm);
		fprintf(f, "%s{cmsg_len=%zu, cmsg_level=", off ? ", " : "", (size_t)cm.cmsg_len);
		print_xval(f, xlat_socket_levels, cm.cmsg_level, "SOL_???");
		fputs(", cmsg_type=", f);
		size_t clen = cm.cmsg_len > left ? left : cm.cmsg_len;
		if (cm.cmsg_level == SOL_SOCKET) {
			print_xval(f, xlat_scm_types, cm.cmsg_type, "SCM_???");
			if (clen > sizeof cm)
				print_scm_data(f, cm.cmsg_type, buf + off + sizeof cm, clen - sizeof cm);
		} else {
			fprintf(f, "%#x", cm.cmsg_type);
		}
		fputc('}', f);
		if (clen < sizeof cm) {
			left -= sizeof cm;
			break;
		}
		size_t step = (cm.cmsg_len + sizeof(long) - 1) & ~(sizeof(long) - 1);
		if (step >= left) {
			left = 0;
			break;
		}
		off += step;
		left -= step;
	}
	if (left)
		fprintf(f, ", ... /* %#lx */", (unsigned long)(addr + off));
	fputc(']', f);
}

/* {msg_name=..., msg_iov=[...], ...}: data bytes of contents in all (-1: each
 * buffer's own length), namelen_in the msg_namelen the call started with (-1:
 * unchanged). */
static void print_msghdr_fields(FILE *f, const struct msghdr *m, long data, int namelen_in)
{
	int namelen = namelen_in >= 0 && (int)m->msg_namelen > namelen_in ? namelen_in
									  : (int)m->msg_namelen;

	fputs("{msg_name=", f);
	print_sockaddr(f, (uint64_t)m->msg_name, namelen);
	fputs(", msg_namelen=", f);
	if (namelen_in >= 0 && namelen_in != (int)m->msg_namelen)
		fprintf(f, "%d => ", namelen_in);
	fprintf(f, "%d, msg_iov=", (int)m->msg_namelen);
	print_iov(f, (uint64_t)m->msg_iov, (int)m->msg_iovlen, data < 0 ? LONG_MAX : data);
	fprintf(f, ", msg_iovlen=%zu", (size_t)m->msg_iovlen);
	if (m->msg_controllen)
		print_msg_control(f, (uint64_t)m->msg_control, m->msg_controllen);
	fprintf(f, ", msg_controllen=%zu, msg_flags=", (size_t)m->msg_controllen);
	print_flags(f, xlat_msg_flags, (unsigned)m->msg_flags, NULL);
	fputc('}', f);
}

static void print_msghdr(FILE *f, uint64_t addr, long data, int namelen_in)
{
	struct msghdr m;

	if (!addr || copy_from_user(&m, addr, sizeof m))
		print_ptr(f, addr);
	else
		print_msghdr_fields(f, &m, data, namelen_in);
}

size_t print_sendmsg(FILE *f, const uint64_t *a, long ret)
{
	(void)ret;
	fprintf(f, "sendmsg(%d, ", (int)a[0]);
	print_msghdr(f, a[1], -1, -1);
	fputs(", ", f);
	print_flags(f, xlat_msg_flags, (unsigned)a[2], NULL);
	size_t entry = (size_t)ftell(f);
	fputc(')', f);
	return entry;
}

size_t print_recvmsg(FILE *f, const uint64_t *a, long ret)
{
	int namelen_in = len_at_start(__NR_recvmsg);

	fprintf(f, "recvmsg(%d, ", (int)a[0]);
	size_t entry = (size_t)ftell(f);
	if (ret < 0 && namelen_in >= 0)
		fprintf(f, "{msg_namelen=%d}", namelen_in);
	else if (ret < 0)
		print_ptr(f, a[1]);
	else
		print_msghdr(f, a[1], ret, namelen_in);
	fputs(", ", f);
	print_flags(f, xlat_msg_flags, (unsigned)a[2], NULL);
	fputc(')', f);
	return entry;
}

/* [{msg_hdr={...}, msg_len=3}, ...]: the first n entries, their contents as long
 * as msg_len says when received. */
static void print_mmsg_vec(FILE *f, uint64_t addr, unsigned n, bool received)
{
	struct mmsghdr mm;

	fputc('[', f);
	for (unsigned i = 0; i < n; i++) {
		if (i == MAX_MMSG) {
			fputs(", ...", f);
			break;
		}
		if (copy_from_user(&mm, addr + i * sizeof mm, sizeof mm)) {
			fprintf(f, "%s... /* %#lx */", i ? ", " : "",
				(unsigned long)(addr + i * sizeof mm));
			break;
		}
		fputs(i ? ", {msg_hdr=" : "{msg_hdr=", f);
		print_msghdr_fields(f, &mm.msg_hdr, received ? (long)mm.msg_len : -1, -1);
		fprintf(f, ", msg_len=%u}", mm.msg_len);
	}
	fputc(']', f);
}

size_t print_sendmmsg(FILE *f, const uint64_t *a, long ret)
{
	fprintf(f, "sendmmsg(%d, ", (int)a[0]);
	size_t entry = (size_t)ftell(f);
	if (ret < 0 || !a[1])
		print_ptr(f, a[1]);
	else
		print_mmsg_vec(f, a[1], (unsigned)ret, false);
	fprintf(f, ", %u, ", (unsigned)a[2]);
	print_flags(f, xlat_msg_flags, (unsigned)a[3], NULL);
	fputc(')', f);
	return entry;
}

size_t print_recvmmsg(FILE *f, const uint64_t *a, long ret)
{
	fprintf(f, "recvmmsg(%d, ", (int)a[0]);
	size_t entry = (size_t)ftell(f);
	if (ret < 0 || !a[1])
		print_ptr(f, a[1]);
	else
		print_mmsg_vec(f, a[1], (unsigned)ret, true);
	fprintf(f, ", %u, ", (unsigned)a[2]);
	print_flags(f, xlat_msg_flags, (unsigned)a[3], NULL);
	fputs(", ", f);
	if (a[4])
		print_timespec(f, a[4]);
	else
		print_ptr(f, a[4]);
	fputc(')', f);
	return entry;
}
