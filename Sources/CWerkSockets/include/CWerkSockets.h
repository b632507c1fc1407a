// CWerkSockets: the few Linux calls Swift's Glibc module does not expose (epoll, accept4,
// eventfd, sendfile) plus small helpers, so WerkServer needs no package dependency.
#ifndef CWERKSOCKETS_H
#define CWERKSOCKETS_H

#include <stdint.h>
#include <sys/types.h>
#include <sys/socket.h>

#ifdef __cplusplus
extern "C" {
#endif

// epoll event bits, mirrored so Swift sees them as plain constants.
extern const uint32_t cwerk_EPOLLIN;
extern const uint32_t cwerk_EPOLLOUT;
extern const uint32_t cwerk_EPOLLERR;
extern const uint32_t cwerk_EPOLLHUP;
extern const uint32_t cwerk_EPOLLRDHUP;
extern const uint32_t cwerk_EPOLLONESHOT;
extern const uint32_t cwerk_EPOLLET;
extern const uint32_t cwerk_EPOLLEXCLUSIVE;

/// epoll_create1(EPOLL_CLOEXEC). Returns the fd or -1 with errno set.
int cwerk_epoll_create(void);
/// epoll_ctl(ADD) with `events` and the 64-bit user data `data`.
int cwerk_epoll_add(int epfd, int fd, uint32_t events, uint64_t data);
/// epoll_ctl(MOD): re-arms a one-shot registration.
int cwerk_epoll_mod(int epfd, int fd, uint32_t events, uint64_t data);
/// epoll_ctl(DEL).
int cwerk_epoll_del(int epfd, int fd);
/// epoll_wait for at most `max` events (max <= 512); writes each event's bits and data.
/// Returns the count, 0 on timeout, -1 with errno set.
int cwerk_epoll_wait(int epfd, uint32_t *events, uint64_t *data, int max, int timeout_ms);

/// accept4(SOCK_NONBLOCK | SOCK_CLOEXEC). `addr`/`len` may be NULL.
int cwerk_accept(int fd, struct sockaddr *addr, socklen_t *len);
/// Opens /dev/null (close-on-exec): the descriptor kept in reserve for running out of fds.
int cwerk_open_reserve(void);
/// eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC).
int cwerk_eventfd(void);
/// sendfile(2): sends up to `count` bytes of `in_fd` from `*offset`, advancing it.
ssize_t cwerk_sendfile(int out_fd, int in_fd, int64_t *offset, size_t count);

/// Sets O_NONBLOCK on `fd`.
int cwerk_set_nonblocking(int fd);
/// Sets TCP_NODELAY on a TCP socket (ignored for other sockets).
int cwerk_set_nodelay(int fd);
/// Sets TCP_NOTSENT_LOWAT: the socket takes more bytes (and polls writable) only while fewer
/// than `bytes` of what it holds are still unsent. Returns setsockopt's result.
int cwerk_set_notsent_lowat(int fd, int bytes);
/// The bytes written to a TCP socket that its peer has not acknowledged yet (ioctl SIOCOUTQ);
/// -1 when unknown (not TCP, or the call failed).
int cwerk_unacknowledged(int fd);
/// Raises RLIMIT_NOFILE's soft limit to the hard limit; returns the new soft limit.
long cwerk_raise_nofile_limit(void);

/// sendmsg(MSG_NOSIGNAL) of up to 3 buffers (lengths may be 0; send(2) when only one is not);
/// `more` adds MSG_MORE (more data follows soon, e.g. a head before sendfile).
ssize_t cwerk_send3(int fd, const void *a, size_t alen, const void *b, size_t blen, const void *c, size_t clen, int more);

/// Blocks SIGINT, SIGTERM and SIGHUP (and ignores SIGPIPE) for this thread and threads it
/// creates: the signals that stop `werk run`'s supervisor.
int cwerk_block_stop_signals(void);
/// Waits for SIGINT, SIGTERM or SIGHUP (blocked beforehand); returns the signal number.
int cwerk_wait_stop_signal(void);
/// Waits up to `timeout_ms` for SIGINT, SIGTERM or SIGHUP (blocked beforehand); returns the
/// signal or 0.
int cwerk_wait_stop_signal_timeout(int timeout_ms);
/// Asks the kernel to send `sig` to this process when the thread that started it ends
/// (prctl PR_SET_PDEATHSIG, Linux): an app started by `werk run` stops with its supervisor.
int cwerk_die_with_parent(int sig);
/// 1 when the peer of socket `fd` has closed or shut down its side (POLLRDHUP, POLLHUP or
/// POLLERR now), without waiting or reading; 0 otherwise.
int cwerk_peer_hung_up(int fd);
/// Blocks SIGINT, SIGTERM and SIGHUP (and ignores SIGPIPE) for this thread and threads it
/// creates: a server's signals, taken only by `cwerk_wait_server_signal`.
int cwerk_block_server_signals(void);
/// Waits up to `timeout_ms` (-1: no limit) for SIGINT, SIGTERM or SIGHUP (blocked beforehand);
/// returns the signal, or 0 when none came.
int cwerk_wait_server_signal(int timeout_ms);
/// fork(2).
pid_t cwerk_fork(void);
/// Restores default SIGINT/SIGTERM handling and unblocks them in this thread.
void cwerk_unblock_stop_signals(void);
/// Ignores SIGPIPE process-wide (writes to a closed socket return EPIPE instead).
void cwerk_ignore_sigpipe(void);

/* inotify, for the reloader: a non-blocking, close-on-exec instance. */
int cwerk_inotify_init(void);
/* Watches one folder for files created, changed, moved or deleted in it; returns the watch or -1. */
int cwerk_inotify_watch(int fd, const char *path);
/* Waits up to timeout_ms for events, then reads what is queued (whole struct inotify_event
   records, at most capacity bytes; buffer aligned for them) into buffer. Returns the bytes
   read, 0 on timeout, -1 with errno set on error. The reloader parses the records. */
int cwerk_inotify_read_raw(int fd, int timeout_ms, void *buffer, int capacity);
/* Clears FD_CLOEXEC so a child process inherits fd; 0 or -1. */
int cwerk_inheritable(int fd);

#ifdef __cplusplus
}
#endif
#endif
