# normalise.awk: a trace, strace -f's or emu --trace's, with what must differ between
# two kernels made the same: addresses (0x...), the random bytes of getrandom, CPU
# times, padding, and pids, which are numbered P1, P2, ... in the order they first
# appear (the pid prefix, what fork, clone and wait4 return, kill's target, si_pid),
# so the lines still say which task did what (and in SCM_CREDENTIALS and netlink
# addresses). Lines starting with "~" (emu's kernel
# events) go, and so does what comes before the execve of prog (awk -v prog=PATH):
# the shell that started it.

# A port the kernel picks (Linux's ip_local_port_range, 32768-60999, where emu's
# allocator counts from) is PORT: Linux picks at random, emu counts, one counter per
# protocol, so not even the order of appearance matches.
function ports(s,    out, m, n) {
	out = ""
	while (match(s, /htons\([0-9]+\)/)) {
		m = substr(s, RSTART, RLENGTH)
		n = substr(m, 7, length(m) - 7) + 0
		out = out substr(s, 1, RSTART - 1) (n >= 32768 && n <= 60999 ? "htons(PORT)" : m)
		s = substr(s, RSTART + RLENGTH)
	}
	return out s
}

function pid_of(n) {
	if (!(n in ord))
		ord[n] = "P" (++npids)
	return ord[n]
}

# s with the digits that end each match of re numbered as pids
function pids(s, re,    out, m, head) {
	out = ""
	while (match(s, re)) {
		m = substr(s, RSTART, RLENGTH)
		head = m
		sub(/[0-9]+$/, "", head)
		out = out substr(s, 1, RSTART - 1) head pid_of(substr(m, length(head) + 1))
		s = substr(s, RSTART + RLENGTH)
	}
	return out s
}

# The pid a call returned, as the last call line's result; "" if it returned none.
function returned_pid(s) {
	if (s !~ /^(<\.\.\. )?(fork|vfork|clone|clone3|wait4|waitid|getpid|gettid|getppid|set_tid_address)[( ]/ ||
	    !match(s, /= [0-9]+$/))
		return ""
	return substr(s, RSTART + 2)
}

!started {
	if (!index($0, "execve(\"" prog "\", "))
		next
	started = 1
}

{
	line = pids($0, "^\\[pid +[0-9]+")
	prefix = ""
	if (match(line, /^\[pid +P[0-9]+\] /)) {
		prefix = substr(line, 1, RLENGTH)
		line = substr(line, RLENGTH + 1)
	}
	if (line ~ /^~ /)
		next
	# rt_sigreturn returns what the interrupted call returned: a pid after wait4
	if (line ~ /^rt_sigreturn\(/ && last != "" && match(line, /= [0-9]+$/) &&
	    substr(line, RSTART + 2) == last)
		line = substr(line, 1, RSTART + 1) pid_of(last)
	else if (line !~ /^--- /)
		last = returned_pid(line)
	if (last != "")
		line = pids(line, "= [0-9]+$")
	line = pids(line, "^(wait4|kill|tkill|tgkill)\\([0-9]+")
	line = pids(line, "^tgkill\\(P[0-9]+, [0-9]+")
	line = pids(line, "si_pid=[0-9]+")
	line = pids(line, "parent_tid=\\[[0-9]+")
	line = pids(line, "[{ ]pid=[0-9]+")
	line = pids(line, "nl_pid=[0-9]+")
	line = ports(line)
	gsub(/0x[0-9a-f]+/, "ADDR", line)
	gsub(/"(\\x[0-9a-f][0-9a-f])+"(\.\.\.)?/, "BYTES", line)
	gsub(/si_[us]time=[0-9]+( \/\* [0-9.]+ s \*\/)?/, "si_Xtime=N", line)
	line = prefix line
	gsub(/ +/, " ", line)
	print line
}
