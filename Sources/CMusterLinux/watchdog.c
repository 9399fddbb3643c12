#define _GNU_SOURCE
#include "CMusterLinux.h"

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#ifndef CLONE_PIDFD
#define CLONE_PIDFD 0x00001000
#endif

/// The watchdog's stack, with what it needs at its bottom.
enum { watchdog_stack_size = 64 << 10 };

struct watchdog {
    int input;
    int groups;
    /// "MUSTER_AUTHKEY=<key>", an environment entry of every process of the run.
    char entry[160];
    size_t entry_length;
};

/// The watchdog runs in muster's memory with muster's thread's TLS, so it makes its system calls
/// with syscall(2): no cancellation point, nothing of glibc's per-thread state touched (errno
/// only on a failure, and only once muster is gone).
static long call(long number, long a, long b, long c, long d) {
    return syscall(number, a, b, c, d);
}

/// SIGKILLs every process group listed in `groups` (decimal, one a line), read from its start.
static void kill_listed_groups(int groups) {
    char buffer[4096];
    long offset = 0;
    long group = 0;
    int digits = 0;
    for (;;) {
        long n = call(SYS_pread64, groups, (long)buffer, sizeof buffer, offset);
        if (n <= 0) break;
        offset += n;
        for (long i = 0; i < n; i++) {
            char c = buffer[i];
            if (c >= '0' && c <= '9') {
                group = group * 10 + (c - '0');
                digits++;
            } else {
                if (digits > 0 && group > 1) call(SYS_kill, -group, SIGKILL, 0, 0);
                group = 0;
                digits = 0;
            }
        }
    }
    if (digits > 0 && group > 1) call(SYS_kill, -group, SIGKILL, 0, 0);
}

/// Whether /proc/`pid`/environ holds `entry` as one of its NUL-separated entries.
static int environment_holds(const char *pid, const char *entry, size_t length) {
    char path[64] = "/proc/";
    size_t at = 6;
    for (const char *p = pid; *p && at < sizeof path - 10; p++) path[at++] = *p;
    memcpy(path + at, "/environ", 9);
    long fd = call(SYS_openat, AT_FDCWD, (long)path, O_RDONLY | O_CLOEXEC, 0);
    if (fd < 0) return 0;
    char buffer[4096];
    long matched = 0; // bytes of `entry` matched in the current entry, or -1 once it differs
    int found = 0;
    for (;;) {
        long n = call(SYS_read, fd, (long)buffer, sizeof buffer, 0);
        if (n <= 0) break;
        for (long i = 0; i < n && !found; i++) {
            char c = buffer[i];
            if (c == 0) {
                found = matched == (long)length;
                matched = 0;
            } else if (matched >= 0) {
                matched = (size_t)matched < length && entry[matched] == c ? matched + 1 : -1;
            }
        }
        if (found) break;
    }
    call(SYS_close, fd, 0, 0, 0);
    return found;
}

/// SIGKILLs every process (and the group it leads) whose environment holds `entry`.
static void kill_marked_processes(const char *entry, size_t length, long self) {
    long directory = call(SYS_openat, AT_FDCWD, (long)"/proc", O_RDONLY | O_DIRECTORY | O_CLOEXEC, 0);
    if (directory < 0) return;
    char buffer[4096];
    for (;;) {
        long n = call(SYS_getdents64, directory, (long)buffer, sizeof buffer, 0);
        if (n <= 0) break;
        for (long at = 0; at < n;) {
            // struct linux_dirent64: d_ino (8), d_off (8), d_reclen (2), d_type (1), d_name.
            unsigned short record;
            memcpy(&record, buffer + at + 16, sizeof record);
            const char *name = buffer + at + 19;
            long pid = 0;
            const char *p = name;
            while (*p >= '0' && *p <= '9') pid = pid * 10 + (*p++ - '0');
            if (*p == 0 && pid > 1 && pid != self && environment_holds(name, entry, length)) {
                call(SYS_kill, -pid, SIGKILL, 0, 0);
                call(SYS_kill, pid, SIGKILL, 0, 0);
            }
            at += record;
        }
    }
    call(SYS_close, directory, 0, 0, 0);
}

static int watchdog_main(void *argument) {
    struct watchdog *watchdog = argument;
    // Default dispositions (muster's handlers write to muster's pipes), a group of its own so
    // that a Ctrl-C to muster's group does not reach it, and no descriptor but its two.
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_handler = SIG_DFL;
    int handled[] = {SIGINT, SIGTERM, SIGCHLD, SIGPIPE};
    for (size_t i = 0; i < sizeof handled / sizeof handled[0]; i++) sigaction(handled[i], &action, NULL);
    call(SYS_prctl, PR_SET_NAME, (long)"muster-watchdog", 0, 0);
    call(SYS_setpgid, 0, 0, 0, 0);
    call(SYS_dup3, watchdog->input, 0, 0, 0);
    call(SYS_dup3, watchdog->groups, 1, 0, 0);
    call(SYS_close_range, 2, ~0U, 0, 0);
    call(SYS_chdir, (long)"/", 0, 0, 0);
    // Wait for an `exit` line (leave) or the end of input (muster is gone).
    char line[8];
    size_t length = 0;
    int overlong = 0;
    for (;;) {
        char buffer[256];
        long n = call(SYS_read, 0, (long)buffer, sizeof buffer, 0);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) break;
        for (long i = 0; i < n; i++) {
            if (buffer[i] == '\n') {
                if (!overlong && length == 4 && memcmp(line, "exit", 4) == 0) return 0;
                length = 0;
                overlong = 0;
            } else if (length < sizeof line) {
                line[length++] = buffer[i];
            } else {
                overlong = 1;
            }
        }
    }
    kill_listed_groups(1);
    long self = call(SYS_getpid, 0, 0, 0, 0);
    for (int pass = 0; pass < 2; pass++) kill_marked_processes(watchdog->entry, watchdog->entry_length, self);
    return 0;
}

void *muster_watchdog_start(int input, int groups, const char *key, int *pid, int *pidfd) {
    size_t key_length = strlen(key);
    struct watchdog prototype;
    if (key_length + 16 > sizeof prototype.entry) {
        errno = EINVAL;
        return NULL;
    }
    void *stack = mmap(NULL, watchdog_stack_size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_STACK, -1, 0);
    if (stack == MAP_FAILED) return NULL;
    struct watchdog *watchdog = stack;
    watchdog->input = input;
    watchdog->groups = groups;
    memcpy(watchdog->entry, "MUSTER_AUTHKEY=", 15);
    memcpy(watchdog->entry + 15, key, key_length);
    watchdog->entry_length = 15 + key_length;
    int descriptor = -1;
    int child = clone(watchdog_main, (char *)stack + watchdog_stack_size, CLONE_VM | CLONE_PIDFD | SIGCHLD, watchdog,
                      &descriptor);
    if (child < 0) {
        int saved = errno;
        munmap(stack, watchdog_stack_size);
        errno = saved;
        return NULL;
    }
    *pid = child;
    *pidfd = descriptor;
    return stack;
}

void muster_watchdog_free(void *stack) {
    munmap(stack, watchdog_stack_size);
}
