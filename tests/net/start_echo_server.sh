# start_echo_server.sh, sourced with $server (echo_server.py) and $dir (a scratch
# directory) set: starts the echo server on the host's first non-loopback IPv4
# address and sets $ip, $tport, $uport and $pid (the caller kills it and removes
# $dir at exit). Exits 77 (skipped) when the host has no such address, no python3,
# or the server does not come up.
ip=$(hostname -I 2>/dev/null | tr ' ' '\n' | grep -E '^[0-9]+(\.[0-9]+){3}$' | grep -v '^127\.' | head -n 1)
[ -n "$ip" ] || { echo "SKIP: the host has no non-loopback IPv4 address"; exit 77; }
command -v python3 >/dev/null || { echo "SKIP: python3 is not installed"; exit 77; }
python3 "$server" "$ip" "$dir/ports" 2>"$dir/server.err" &
pid=$!
trap 'kill $pid 2>/dev/null; rm -rf "$dir"' EXIT
i=0
while [ ! -s "$dir/ports" ] && [ $i -lt 100 ]; do
    kill -0 $pid 2>/dev/null || break
    sleep 0.1
    i=$((i + 1))
done
[ -s "$dir/ports" ] || { echo "SKIP: no echo server on $ip: $(cat "$dir/server.err")"; exit 77; }
read -r tport uport <"$dir/ports"
