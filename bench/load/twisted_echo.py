"""Twisted peer for bench/run's echo-pingpong row: every byte received is sent back.

Usage: /usr/bin/python3 twisted_echo.py PORT  (listens on 127.0.0.1, runs until killed)
"""
import sys

from twisted.internet import protocol, reactor


class Echo(protocol.Protocol):
    def dataReceived(self, data):
        self.transport.write(data)


factory = protocol.Factory.forProtocol(Echo)
reactor.listenTCP(int(sys.argv[1]), factory, interface="127.0.0.1")
print("twisted echo listening on 127.0.0.1:" + sys.argv[1], flush=True)
reactor.run()
