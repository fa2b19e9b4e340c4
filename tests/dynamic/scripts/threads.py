# Python's threads (pthreads and futexes in a dynamically linked interpreter) and
# subprocess (fork or posix_spawn, pipes, wait).
import subprocess
import threading

results = []
lock = threading.Lock()


def work(i):
    s = sum(range(i * 10000))
    with lock:
        results.append((i, s))


threads = [threading.Thread(target=work, args=(i,)) for i in range(8)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print(sorted(results))
r = subprocess.run(["sort"], input="b\na\nc\n", capture_output=True, text=True)
print(repr(r.stdout), r.returncode)
print(subprocess.check_output("echo $((6 * 7)); exit 0", shell=True).decode().strip())
p = subprocess.Popen(["sh", "-c", "exit 9"])
print("exit status", p.wait())
