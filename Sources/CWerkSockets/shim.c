#define _GNU_SOURCE
#include "CWerkSockets.h"
#include <errno.h>
#include <fcntl.h>
#include <linux/sockios.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pthread.h>
#include <signal.h>
#include <time.h>
#include <poll.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/inotify.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/eventfd.h>
#include <sys/resource.h>
#include <sys/sendfile.h>
#include <sys/uio.h>
#include <unistd.h>

const uint32_t cwerk_EPOLLIN = EPOLLIN;
const uint32_t cwerk_EPOLLOUT = EPOLLOUT;
const uint32_t cwerk_EPOLLERR = EPOLLERR;
const uint32_t cwerk_EPOLLHUP = EPOLLHUP;
const uint32_t cwerk_EPOLLRDHUP = EPOLLRDHUP;
const uint32_t cwerk_EPOLLONESHOT = EPOLLONESHOT;
const uint32_t cwerk_EPOLLET = EPOLLET;
const uint32_t cwerk_EPOLLEXCLUSIVE = EPOLLEXCLUSIVE;

int cwerk_epoll_create(void) { return epoll_create1(EPOLL_CLOEXEC); }

int cwerk_epoll_add(int epfd, int fd, uint32_t events, uint64_t data) {
    struct epoll_event ev;
    ev.events = events;
    ev.data.u64 = data;
    return epoll_ctl(epfd, EPOLL_CTL_ADD, fd, &ev);
}

int cwerk_epoll_mod(int epfd, int fd, uint32_t events, uint64_t data) {
    struct epoll_event ev;
    ev.events = events;
    ev.data.u64 = data;
    return epoll_ctl(epfd, EPOLL_CTL_MOD, fd, &ev);
}

int cwerk_epoll_del(int epfd, int fd) {
    struct epoll_event ev = {0};
    return epoll_ctl(epfd, EPOLL_CTL_DEL, fd, &ev);
}

int cwerk_epoll_wait(int epfd, uint32_t *events, uint64_t *data, int max, int timeout_ms) {
    struct epoll_event evs[512];
    if (max > 512) max = 512;
    if (max < 1) max = 1;
    int n = epoll_wait(epfd, evs, max, timeout_ms);
    for (int i = 0; i < n; i++) {
        events[i] = evs[i].events;
        data[i] = evs[i].data.u64;
    }
    return n;
}

int cwerk_accept(int fd, struct sockaddr *addr, socklen_t *len) {
    return accept4(fd, addr, len, SOCK_NONBLOCK | SOCK_CLOEXEC);
}

int cwerk_open_reserve(void) { return open("/dev/null", O_RDONLY | O_CLOEXEC); }

int cwerk_eventfd(void) { return eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC); }

ssize_t cwerk_sendfile(int out_fd, int in_fd, int64_t *offset, size_t count) {
    off_t off = (off_t)*offset;
    ssize_t n = sendfile(out_fd, in_fd, &off, count);
    *offset = (int64_t)off;
    return n;
}

int cwerk_set_nonblocking(int fd) {
    int flags = fcntl(fd, F_GETFL, 0);
    if (flags < 0) return -1;
    return fcntl(fd, F_SETFL, flags | O_NONBLOCK);
}

int cwerk_set_nodelay(int fd) {
    int one = 1;
    return setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
}

int cwerk_set_notsent_lowat(int fd, int bytes) {
#ifndef TCP_NOTSENT_LOWAT
#define TCP_NOTSENT_LOWAT 25  /* linux/tcp.h */
#endif
    return setsockopt(fd, IPPROTO_TCP, TCP_NOTSENT_LOWAT, &bytes, sizeof bytes);
}

int cwerk_unacknowledged(int fd) {
    int queued = 0;
    return ioctl(fd, SIOCOUTQ, &queued) == 0 ? queued : -1;
}

long cwerk_raise_nofile_limit(void) {
    struct rlimit rl;
    if (getrlimit(RLIMIT_NOFILE, &rl) != 0) return -1;
    if (rl.rlim_cur < rl.rlim_max) {
        rl.rlim_cur = rl.rlim_max;
        if (setrlimit(RLIMIT_NOFILE, &rl) != 0) return -1;
    }
    return (long)rl.rlim_cur;
}

ssize_t cwerk_send3(int fd, const void *a, size_t alen, const void *b, size_t blen, const void *c, size_t clen, int more) {
    struct iovec iov[3];
    int n = 0;
    if (alen) { iov[n].iov_base = (void *)a; iov[n].iov_len = alen; n++; }
    if (blen) { iov[n].iov_base = (void *)b; iov[n].iov_len = blen; n++; }
    if (clen) { iov[n].iov_base = (void *)c; iov[n].iov_len = clen; n++; }
    if (n == 0) return 0;
    /* One buffer: send(2), cheaper than building a msghdr. */
    if (n == 1) return send(fd, iov[0].iov_base, iov[0].iov_len, MSG_NOSIGNAL | (more ? MSG_MORE : 0));
    struct msghdr msg = {0};
    msg.msg_iov = iov;
    msg.msg_iovlen = n;
    return sendmsg(fd, &msg, MSG_NOSIGNAL | (more ? MSG_MORE : 0));
}

/* SIGHUP stops too: a closed terminal must take `werk run` and its app down with it. */
static void cwerk_stop_signal_set(sigset_t *set) {
    sigemptyset(set);
    sigaddset(set, SIGINT);
    sigaddset(set, SIGTERM);
    sigaddset(set, SIGHUP);
}

int cwerk_block_stop_signals(void) {
    sigset_t set;
    cwerk_stop_signal_set(&set);
    signal(SIGPIPE, SIG_IGN);
    return pthread_sigmask(SIG_BLOCK, &set, NULL);
}

int cwerk_wait_stop_signal(void) {
    sigset_t set;
    cwerk_stop_signal_set(&set);
    int sig = 0;
    while (sigwait(&set, &sig) != 0) {}
    return sig;
}

int cwerk_wait_stop_signal_timeout(int timeout_ms) {
    sigset_t set;
    cwerk_stop_signal_set(&set);
    struct timespec ts;
    ts.tv_sec = timeout_ms / 1000;
    ts.tv_nsec = (long)(timeout_ms % 1000) * 1000000L;
    int sig = sigtimedwait(&set, NULL, &ts);
    return sig > 0 ? sig : 0;
}

static void cwerk_server_signal_set(sigset_t *set) {
    sigemptyset(set);
    sigaddset(set, SIGINT);
    sigaddset(set, SIGTERM);
    sigaddset(set, SIGHUP);
}

int cwerk_block_server_signals(void) {
    sigset_t set;
    cwerk_server_signal_set(&set);
    signal(SIGPIPE, SIG_IGN);
    return pthread_sigmask(SIG_BLOCK, &set, NULL);
}

int cwerk_wait_server_signal(int timeout_ms) {
    sigset_t set;
    cwerk_server_signal_set(&set);
    int sig = 0;
    if (timeout_ms < 0) {
        while (sigwait(&set, &sig) != 0) {}
        return sig;
    }
    struct timespec ts;
    ts.tv_sec = timeout_ms / 1000;
    ts.tv_nsec = (long)(timeout_ms % 1000) * 1000000L;
    sig = sigtimedwait(&set, NULL, &ts);
    return sig > 0 ? sig : 0;
}

pid_t cwerk_fork(void) { return fork(); }

void cwerk_unblock_stop_signals(void) {
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    pthread_sigmask(SIG_UNBLOCK, &set, NULL);
}

void cwerk_ignore_sigpipe(void) { signal(SIGPIPE, SIG_IGN); }

int cwerk_inotify_init(void) { return inotify_init1(IN_NONBLOCK | IN_CLOEXEC); }

int cwerk_inotify_watch(int fd, const char *path) {
    return inotify_add_watch(fd, path, IN_CLOSE_WRITE | IN_MODIFY | IN_CREATE | IN_DELETE | IN_MOVED_FROM
                             | IN_MOVED_TO | IN_DELETE_SELF | IN_ONLYDIR);
}

int cwerk_inotify_read_raw(int fd, int timeout_ms, void *buffer, int capacity) {
    struct pollfd p = { .fd = fd, .events = POLLIN, .revents = 0 };
    int ready = poll(&p, 1, timeout_ms);
    if (ready < 0) return errno == EINTR ? 0 : -1;
    if (ready == 0) return 0;
    for (;;) {
        ssize_t got = read(fd, buffer, (size_t)capacity);
        if (got >= 0) return (int)got;
        if (errno == EINTR) continue;
        return errno == EAGAIN ? 0 : -1;
    }
}

int cwerk_inheritable(int fd) {
    int flags = fcntl(fd, F_GETFD);
    if (flags < 0) return -1;
    return fcntl(fd, F_SETFD, flags & ~FD_CLOEXEC);
}

int cwerk_die_with_parent(int sig) {
    return prctl(PR_SET_PDEATHSIG, sig, 0, 0, 0);
}

int cwerk_peer_hung_up(int fd) {
    struct pollfd p = { .fd = fd, .events = POLLRDHUP, .revents = 0 };
    return poll(&p, 1, 0) > 0 && (p.revents & (POLLRDHUP | POLLHUP | POLLERR)) != 0;
}
