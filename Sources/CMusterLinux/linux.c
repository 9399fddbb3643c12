#define _GNU_SOURCE
#include "CMusterLinux.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <pthread.h>
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

/// In the vfork child: makes `target` refer to `fd`, or to /dev/null when `fd` is -1.
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

// vfork rather than posix_spawn: glibc's posix_spawn maps and unmaps a stack for every child and
// queries all 64 signal dispositions in it; in a process with several threads the unmapping costs
// TLB shoot-downs on the other CPUs. Measured on a chain of 300 `true` (Benchmarks/README.md): 56
// to 71 µs per spawn against 88 to 121. The child only makes async-signal-safe calls before exec.
static int spawn(const char *path, char *const argv[], char *const envp[], const char *directory,
                 int input, int output, int error, int new_session, int *pid, int *pidfd) {
    // Set by the child (which shares muster's memory until exec) when it cannot get there.
    volatile int failure = 0;
    sigset_t all, saved;
    sigfillset(&all);
    // No handler of muster's may run in the child: signals wait until it has exec'd.
    pthread_sigmask(SIG_SETMASK, &all, &saved);
    pid_t child = vfork();
    if (child == 0) {
        // Muster's handlers and its ignored SIGPIPE go back to their defaults (exec would reset
        // the handlers, but a signal could come between unblocking and exec). Ignores muster
        // inherited, as from nohup, pass on as a shell passes them on.
        struct sigaction byDefault;
        memset(&byDefault, 0, sizeof byDefault);
        byDefault.sa_handler = SIG_DFL;
        int reset[] = {SIGINT, SIGTERM, SIGCHLD, SIGPIPE};
        for (unsigned i = 0; i < sizeof reset / sizeof reset[0]; i++) sigaction(reset[i], &byDefault, NULL);
        if ((new_session ? setsid() < 0 : setpgid(0, 0) != 0) || connect_stream(input, 0) != 0 || connect_stream(output, 1) != 0 ||
            connect_stream(error, 2) != 0 || chdir(directory) != 0) {
            failure = errno;
            _exit(127);
        }
        syscall(SYS_close_range, 3, ~0U, 0);
        sigset_t none;
        sigemptyset(&none);
        sigprocmask(SIG_SETMASK, &none, NULL);
        execve(path, argv, envp);
        failure = errno;
        _exit(127);
    }
    int result = child < 0 ? errno : failure;
    pthread_sigmask(SIG_SETMASK, &saved, NULL);
    if (result != 0) {
        if (child > 0) waitpid(child, NULL, 0);
        return result;
    }
    *pid = child;
    *pidfd = muster_pidfd_open(child);
    if (*pidfd < 0) {
        int lost = errno;
        kill(-child, SIGKILL);
        waitpid(child, NULL, 0);
        return lost;
    }
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
