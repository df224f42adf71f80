/*
 * echo_epoll: the C reference echo server for bench/run's echo rows (echo-pingpong, echo-stream,
 * connections). The target is Torsion's echo at >= 0.9x this loop.
 *
 * One thread, one level-triggered epoll loop, non-blocking sockets. Every byte received is sent
 * back. A connection reads up to 256 KiB at a time (as much as Torsion takes from one socket in
 * one selector pass: four reads of 64 KiB) and sends it back at once; what the socket does
 * not take is kept (one heap buffer per connection, only while it holds data) and the connection
 * stops reading until that is written (EPOLLOUT), so memory per connection stays bounded by one
 * read. Per idle connection it holds 16 bytes of state plus the kernel's socket. No TCP_NODELAY
 * or other socket options beyond what the other servers of the table use (none).
 *
 * Usage: echo_epoll PORT  (listens on 127.0.0.1 with backlog 4096; runs until killed). It raises
 * its open-file limit to the hard limit, prints "echo_epoll listening on 127.0.0.1:PORT" once
 * listening, and exits with status 1 if it cannot listen.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#define READ_SIZE 262144
#define MAX_FDS 1048576

struct conn {
    unsigned char *pending; /* bytes read but not yet written back, or NULL */
    uint32_t len;           /* how many pending bytes */
    uint32_t off;           /* how many of them have been written */
};

static struct conn *conns; /* indexed by file descriptor */
static int max_fd;
static unsigned char buf[READ_SIZE];

static void drop(int ep, int fd) {
    epoll_ctl(ep, EPOLL_CTL_DEL, fd, NULL);
    close(fd);
    free(conns[fd].pending);
    conns[fd] = (struct conn){0};
}

static void watch(int ep, int fd, uint32_t events, int op) {
    struct epoll_event ev = {.events = events, .data.fd = fd};
    epoll_ctl(ep, op, fd, &ev);
}

/* Writes what is pending; 1 when all is written, 0 when the socket is full, -1 on error. */
static int flush_pending(struct conn *c, int fd) {
    while (c->off < c->len) {
        ssize_t n = send(fd, c->pending + c->off, c->len - c->off, MSG_NOSIGNAL);
        if (n < 0) return errno == EAGAIN ? 0 : -1;
        c->off += (uint32_t)n;
    }
    free(c->pending);
    *c = (struct conn){0};
    return 1;
}

static void readable(int ep, int fd) {
    struct conn *c = &conns[fd];
    ssize_t r = recv(fd, buf, sizeof buf, 0);
    if (r == 0 || (r < 0 && errno != EAGAIN)) { drop(ep, fd); return; }
    if (r < 0) return;
    ssize_t w = send(fd, buf, (size_t)r, MSG_NOSIGNAL);
    if (w < 0 && errno != EAGAIN) { drop(ep, fd); return; }
    if (w < 0) w = 0;
    if (w < r) {
        c->pending = malloc((size_t)(r - w));
        if (c->pending == NULL) { drop(ep, fd); return; }
        memcpy(c->pending, buf + w, (size_t)(r - w));
        c->len = (uint32_t)(r - w);
        c->off = 0;
        watch(ep, fd, EPOLLOUT, EPOLL_CTL_MOD); /* stop reading until the echo is written */
    }
}

static void writable(int ep, int fd) {
    int done = flush_pending(&conns[fd], fd);
    if (done < 0) drop(ep, fd);
    else if (done > 0) watch(ep, fd, EPOLLIN, EPOLL_CTL_MOD);
}

int main(int argc, char **argv) {
    if (argc != 2) {
        fprintf(stderr, "usage: echo_epoll PORT\n");
        return 64;
    }
    struct rlimit rl;
    if (getrlimit(RLIMIT_NOFILE, &rl) == 0) {
        rl.rlim_cur = rl.rlim_max;
        setrlimit(RLIMIT_NOFILE, &rl);
    }
    max_fd = rl.rlim_cur < MAX_FDS ? (int)rl.rlim_cur : MAX_FDS;
    conns = calloc((size_t)max_fd, sizeof *conns);
    int lfd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
    int one = 1;
    setsockopt(lfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    struct sockaddr_in addr = {.sin_family = AF_INET, .sin_port = htons(atoi(argv[1]))};
    inet_pton(AF_INET, "127.0.0.1", &addr.sin_addr);
    if (conns == NULL || lfd < 0 || bind(lfd, (struct sockaddr *)&addr, sizeof addr) < 0 || listen(lfd, 4096) < 0) {
        perror("echo_epoll: listen");
        return 1;
    }
    int ep = epoll_create1(0);
    watch(ep, lfd, EPOLLIN, EPOLL_CTL_ADD);
    printf("echo_epoll listening on 127.0.0.1:%s\n", argv[1]);
    fflush(stdout);

    struct epoll_event events[256];
    for (;;) {
        int n = epoll_wait(ep, events, 256, -1);
        if (n < 0) {
            if (errno == EINTR) continue;
            perror("echo_epoll: epoll_wait");
            return 1;
        }
        for (int k = 0; k < n; k++) {
            int fd = events[k].data.fd;
            if (fd == lfd) {
                for (;;) { /* accept all that wait: level-triggered would also work, one at a time */
                    int cfd = accept4(lfd, NULL, NULL, SOCK_NONBLOCK);
                    if (cfd < 0) break; /* EAGAIN, or EMFILE: retried on the next event */
                    if (cfd >= max_fd) { close(cfd); continue; }
                    watch(ep, cfd, EPOLLIN, EPOLL_CTL_ADD);
                }
            } else if (events[k].events & EPOLLOUT) {
                writable(ep, fd);
            } else if (events[k].events & (EPOLLIN | EPOLLERR | EPOLLHUP)) {
                readable(ep, fd);
            }
        }
    }
}
