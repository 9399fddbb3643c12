#define _GNU_SOURCE
#include "CMusterLinux.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <pthread.h>
#include <sched.h>
#include <stdlib.h>
#include <linux/close_range.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

int muster_become_subreaper(void) {
    return prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0);
}

int muster_peer_uid(int fd, unsigned int *uid) {
    struct ucred credentials;
    socklen_t length = sizeof credentials;
    if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &credentials, &length) != 0) return -1;
    *uid = credentials.uid;
    return 0;
}

/// In the spawned child: makes `target` refer to `fd`, or to /dev/null when `fd` is -1.
static int connect_stream(int fd, int target) {
    if (fd < 0) {
        int null = open("/dev/null", target == 0 ? O_RDONLY : O_WRONLY);
        if (null < 0) return -1;
        if (null == target) return 0;
        return dup2(null, target) < 0 ? -1 : 0;
    }
    if (fd == target) return fcntl(fd, F_SETFD, 0);  // dup2 would leave it close-on-exec
    return dup2(fd, target) < 0 ? -1 : 0;
}

/// What a child needs from muster until it execs, on the spawning thread's stack.
struct child_setup {
    const char *path;
    char *const *argv;
    char *const *envp;
    const char *directory;
    int input, output, error, new_session;
    /// The child keeps descriptors below this one: its streams are among them.
    int keep;
    /// Set by the child (which shares muster's memory until exec) when it cannot get there.
    volatile int failure;
};

static int child_main(void *raw) {
    struct child_setup *setup = raw;
    // A table of descriptors of its own, first: a copy of those below `keep` only, where a copy
    // of muster's whole table (3 descriptors per live child) cost a burst of launches O(n²).
    if (syscall(SYS_close_range, setup->keep, ~0U, CLOSE_RANGE_UNSHARE) != 0 && unshare(CLONE_FILES) != 0) {
        setup->failure = errno;
        _exit(127);
    }
    // Muster's handlers and its ignored SIGPIPE go back to their defaults (exec would reset
    // the handlers, but a signal could come between unblocking and exec). Ignores muster
    // inherited, as from nohup, pass on as a shell passes them on.
    struct sigaction byDefault;
    memset(&byDefault, 0, sizeof byDefault);
    byDefault.sa_handler = SIG_DFL;
    int reset[] = {SIGINT, SIGTERM, SIGCHLD, SIGPIPE};
    for (unsigned i = 0; i < sizeof reset / sizeof reset[0]; i++) sigaction(reset[i], &byDefault, NULL);
    if ((setup->new_session ? setsid() < 0 : setpgid(0, 0) != 0) || connect_stream(setup->input, 0) != 0 ||
        connect_stream(setup->output, 1) != 0 || connect_stream(setup->error, 2) != 0 || (setup->directory && chdir(setup->directory) != 0)) {
        setup->failure = errno;
        _exit(127);
    }
    syscall(SYS_close_range, 3, ~0U, 0);
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, NULL);
    execve(setup->path, setup->argv, setup->envp);
    setup->failure = errno;
    _exit(127);
}

/// Two low descriptors on /dev/null, where a child's output and error are put for the moment of
/// its spawn (so that the child's copy of the table stops below them), and /dev/null to put
/// back; -1 when they could not be opened.
static int stream_slots[2] = {-1, -1};
static int slot_filler = -1;
static pthread_once_t slots_opened = PTHREAD_ONCE_INIT;
/// The slots serve one spawn at a time.
static pthread_mutex_t slots_lock = PTHREAD_MUTEX_INITIALIZER;

static void open_stream_slots(void) {
    slot_filler = open("/dev/null", O_WRONLY | O_CLOEXEC);
    if (slot_filler < 0) return;
    for (int i = 0; i < 2; i++) stream_slots[i] = fcntl(slot_filler, F_DUPFD_CLOEXEC, 0);
    if (stream_slots[0] < 0 || stream_slots[1] < 0) stream_slots[0] = stream_slots[1] = -1;
}

/// Puts `fd` in slot `slot` for a spawn, returning the slot's descriptor (or `fd` itself).
static int occupy_slot(int slot, int fd) {
    if (fd < 0 || stream_slots[slot] < 0 || fd < stream_slots[slot]) return fd;
    return dup3(fd, stream_slots[slot], O_CLOEXEC) < 0 ? fd : stream_slots[slot];
}

/// Each spawning thread's stack for its children's first steps (they run on it until exec).
static __thread char *child_stack;
enum { child_stack_size = 64 << 10 };

// clone(CLONE_VM | CLONE_VFORK) rather than posix_spawn: glibc's posix_spawn maps and unmaps a
// stack for every child and queries all 64 signal dispositions in it; in a process with several
// threads the unmapping costs TLB shoot-downs on the other CPUs. Measured on a chain of 300 `true`
// (Benchmarks/README.md): 56 to 71 µs per spawn against 88 to 121. The child shares the table of
// descriptors (CLONE_FILES) until it copies the few it needs, and the pidfd comes with the clone
// (CLONE_PIDFD). The child only makes async-signal-safe calls before exec.
static int spawn(const char *path, char *const argv[], char *const envp[], const char *directory,
                 int input, int output, int error, int new_session, int *pid, int *pidfd) {
    if (!child_stack && !(child_stack = malloc(child_stack_size))) return ENOMEM;
    pthread_mutex_lock(&slots_lock);
    pthread_once(&slots_opened, open_stream_slots);
    struct child_setup setup = {path, argv, envp, directory, input, output, error, new_session, 3, 0};
    setup.output = occupy_slot(0, output);
    setup.error = error == output ? setup.output : occupy_slot(1, error);
    int streams[] = {setup.input, setup.output, setup.error};
    for (int i = 0; i < 3; i++) if (streams[i] >= setup.keep) setup.keep = streams[i] + 1;
    sigset_t all, saved;
    sigfillset(&all);
    // No handler of muster's may run in the child: signals wait until it has exec'd.
    pthread_sigmask(SIG_SETMASK, &all, &saved);
    int descriptor = -1;
    pid_t child = clone(child_main, child_stack + child_stack_size, CLONE_VM | CLONE_VFORK | CLONE_FILES | CLONE_PIDFD | SIGCHLD,
                        &setup, &descriptor);
    int result = child < 0 ? errno : setup.failure;
    pthread_sigmask(SIG_SETMASK, &saved, NULL);
    for (int slot = 0; slot < 2; slot++) {
        if (stream_slots[slot] >= 0 && (setup.output == stream_slots[slot] || setup.error == stream_slots[slot])) {
            dup3(slot_filler, stream_slots[slot], O_CLOEXEC);
        }
    }
    pthread_mutex_unlock(&slots_lock);
    if (result != 0) {
        if (child > 0) waitpid(child, NULL, 0);
        if (descriptor >= 0) close(descriptor);
        return result;
    }
    *pid = child;
    *pidfd = descriptor;
    return 0;
}

int muster_spawn(const char *path, char *const argv[], char *const envp[], const char *directory,
                 int input, int output, int error, int *pid, int *pidfd) {
    return spawn(path, argv, envp, directory, input, output, error, 0, pid, pidfd);
}

int muster_spawn_session(const char *path, char *const argv[], char *const envp[], const char *directory,
                         int output, int *pid, int *pidfd) {
    return spawn(path, argv, envp, directory, -1, output, output, 1, pid, pidfd);
}

int muster_output_pipe(int ends[2]) {
    if (pipe2(ends, O_CLOEXEC) != 0) return -1;
    if (fcntl(ends[0], F_SETFL, O_NONBLOCK) != 0) {
        int saved = errno;
        close(ends[0]);
        close(ends[1]);
        errno = saved;
        return -1;
    }
    return 0;
}

int muster_memory_file(const char *name) {
    return memfd_create(name, MFD_CLOEXEC);
}

#ifndef P_PIDFD
#define P_PIDFD 3
#endif

int muster_reap(int pidfd, int *code, int *signal) {
    siginfo_t info;
    memset(&info, 0, sizeof info);
    if (waitid((idtype_t)P_PIDFD, (id_t)pidfd, &info, WEXITED | WNOHANG) != 0) return -1;
    if (info.si_pid == 0) return 0;
    *code = info.si_code == CLD_EXITED ? info.si_status : 0;
    *signal = info.si_code == CLD_EXITED ? 0 : info.si_status;
    return 1;
}

int muster_take_stopped_child(int *pid, int *signal) {
    siginfo_t info;
    memset(&info, 0, sizeof info);
    if (waitid(P_ALL, 0, &info, WSTOPPED | WNOHANG) != 0 || info.si_pid == 0) return 0;
    *pid = info.si_pid;
    *signal = info.si_status;
    return 1;
}

int muster_child_is_waitable(void) {
    siginfo_t info;
    memset(&info, 0, sizeof info);
    return waitid(P_ALL, 0, &info, WEXITED | WSTOPPED | WNOHANG | WNOWAIT) == 0 && info.si_pid != 0;
}

int muster_peek_exited_child(void) {
    siginfo_t info;
    memset(&info, 0, sizeof info);
    if (waitid(P_ALL, 0, &info, WEXITED | WNOHANG | WNOWAIT) != 0) return 0;
    return info.si_pid;
}

void muster_open_standard_streams(void) {
    for (int fd = 0; fd <= 2; fd++) {
        if (fcntl(fd, F_GETFD) != -1 || errno != EBADF) continue;
        // The lowest free descriptor: this one, as the ones below it are open by now.
        int opened = open("/dev/null", fd == 0 ? O_RDONLY : O_WRONLY);
        if (opened > 2) close(opened);
    }
}

int muster_wake_descriptor(void) {
    return eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
}

int muster_name_thread(const char *name) {
    return prctl(PR_SET_NAME, (unsigned long)name, 0, 0, 0);
}

int muster_pidfd_open(int pid) {
    return (int)syscall(SYS_pidfd_open, pid, 0);
}
