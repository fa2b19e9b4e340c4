"""echo_server.py IP PORTFILE: TCP and UDP echo servers on IP (ports the kernel
picks), for tests/net/hostnet.sh; writes "TCPPORT UDPPORT" to PORTFILE and serves
until killed. A TCP client's half-close ends its connection; data that starts with
"slow" is echoed after 0.2 s."""
import os
import socket
import socketserver
import sys
import threading
import time


class Echo(socketserver.BaseRequestHandler):
    def handle(self):
        while True:
            data = self.request.recv(65536)
            if not data:
                break
            if data.startswith(b"slow"):
                time.sleep(0.2)
            self.request.sendall(data)
        self.request.shutdown(socket.SHUT_WR)


def udp_echo(sock):
    while True:
        data, peer = sock.recvfrom(65536)
        sock.sendto(data, peer)


def main():
    ip, portfile = sys.argv[1], sys.argv[2]
    socketserver.ThreadingTCPServer.daemon_threads = True
    tcp = socketserver.ThreadingTCPServer((ip, 0), Echo)
    udp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    udp.bind((ip, 0))
    threading.Thread(target=udp_echo, args=(udp,), daemon=True).start()
    with open(portfile + ".tmp", "w") as f:
        f.write("%d %d\n" % (tcp.server_address[1], udp.getsockname()[1]))
    os.rename(portfile + ".tmp", portfile)
    tcp.serve_forever()


main()
