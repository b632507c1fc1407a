// The kernel's secure random source, which Swift's Glibc module does not expose.
#include "CWerkCrypto.h"
#include <errno.h>
#if defined(__linux__)
#include <sys/random.h>
#else
#include <stdlib.h>
#endif

int werk_getrandom(void *buffer, size_t length) {
#if defined(__linux__)
    size_t done = 0;
    while (done < length) {
        ssize_t got = getrandom((char *)buffer + done, length - done, 0);
        if (got > 0) {
            done += (size_t)got;
        } else if (got < 0 && errno != EINTR) {
            return errno;  // interrupted calls are retried; partial reads continue
        }
    }
    return 0;
#else
    arc4random_buf(buffer, length);
    return 0;
#endif
}
