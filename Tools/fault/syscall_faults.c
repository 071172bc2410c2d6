/* syscall_faults.c: an LD_PRELOAD shim that injects faults into the real `fundledger` binary's
 * system calls on the journal file, for the CLI-level fault harness (Tools/fault/fault.py).
 * Only descriptors whose path ends with $FAULT_PATH_SUFFIX (default ".jsonl") are affected,
 * so caches and side files (journal.jsonl.ids, journal.jsonl.torn-N) behave normally.
 *   FAULT_MODE=tear          the first write on the journal writes $FAULT_TEAR_BYTES bytes
 *                            (at most count-1), then the process SIGKILLs itself: a crash mid-write.
 *   FAULT_MODE=enospc        every write on the journal fails with ENOSPC.
 *   FAULT_MODE=short-enospc  the first write is short (half), later ones fail with ENOSPC.
 *   FAULT_MODE=fsync-eio     the first fsync of the journal fails with EIO.
 *   FAULT_MODE=fsync-eio-all every fsync of the journal fails with EIO (the rollback's too).
 * Build: cc -shared -fPIC -O2 -o syscall_faults.so syscall_faults.c -ldl */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int is_journal(int fd) {
    char link[64];
    char path[PATH_MAX];
    snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
    ssize_t length = readlink(link, path, sizeof path - 1);
    if (length < 0) return 0;
    path[length] = 0;
    const char *suffix = getenv("FAULT_PATH_SUFFIX");
    if (suffix == NULL) suffix = ".jsonl";
    size_t suffix_length = strlen(suffix);
    return (size_t)length >= suffix_length && strcmp(path + length - suffix_length, suffix) == 0;
}

static int mode_is(const char *name) {
    const char *mode = getenv("FAULT_MODE");
    return mode != NULL && strcmp(mode, name) == 0;
}

ssize_t write(int fd, const void *buffer, size_t count) {
    static ssize_t (*real_write)(int, const void *, size_t);
    static int journal_writes;
    if (real_write == NULL) real_write = (ssize_t (*)(int, const void *, size_t))dlsym(RTLD_NEXT, "write");
    if (count > 0 && getenv("FAULT_MODE") != NULL && is_journal(fd)) {
        journal_writes += 1;
        if (mode_is("tear")) {
            const char *text = getenv("FAULT_TEAR_BYTES");
            size_t keep = text ? (size_t)strtoull(text, NULL, 10) : 1;
            if (keep >= count) keep = count - 1;
            if (keep > 0) real_write(fd, buffer, keep);
            kill(getpid(), SIGKILL);
        }
        if (mode_is("enospc")) {
            errno = ENOSPC;
            return -1;
        }
        if (mode_is("short-enospc")) {
            if (journal_writes == 1 && count > 1) return real_write(fd, buffer, count / 2);
            errno = ENOSPC;
            return -1;
        }
    }
    return real_write(fd, buffer, count);
}

int fsync(int fd) {
    static int (*real_fsync)(int);
    static int journal_fsyncs;
    if (real_fsync == NULL) real_fsync = (int (*)(int))dlsym(RTLD_NEXT, "fsync");
    if (getenv("FAULT_MODE") != NULL && is_journal(fd)) {
        journal_fsyncs += 1;
        if (mode_is("fsync-eio-all") || (mode_is("fsync-eio") && journal_fsyncs == 1)) {
            errno = EIO;
            return -1;
        }
    }
    return real_fsync(fd);
}
