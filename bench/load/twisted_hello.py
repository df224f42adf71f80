"""twisted.web peer for bench/run's http-hello row: Hello, World! (13 bytes, text/plain).

Usage: /usr/bin/python3 twisted_hello.py PORT  (listens on 127.0.0.1, runs until killed)
"""
import sys

from twisted.internet import reactor
from twisted.web import resource, server


class Hello(resource.Resource):
    isLeaf = True

    def render_GET(self, request):
        request.setHeader(b"content-type", b"text/plain")
        return b"Hello, World!"


site = server.Site(Hello())
site.log = lambda request: None  # no access log, as the other servers
reactor.listenTCP(int(sys.argv[1]), site, interface="127.0.0.1")
print("twisted hello listening on 127.0.0.1:" + sys.argv[1], flush=True)
reactor.run()
