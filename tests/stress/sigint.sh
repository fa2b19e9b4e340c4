# A subshell that sends itself SIGINT, then the shell's own trap: "status 130",
# "caught", exit status 4 (the robustness issue saw this print nothing and exit 0
# once in five runs on a loaded host).
( kill -INT $BASHPID; echo not reached ); echo "status $?"
trap 'echo caught; exit 4' INT
kill -INT $$
echo after
