/* SPDX-License-Identifier: MIT */
/*
 * The one opener (lib/util/file.c) in both of its methods: through an O_PATH
 * descriptor checked before anything is opened for reading, and directly
 * once ca_refuse_devices() has made every mount nodev. Either way only a
 * regular file is read: a FIFO (also behind links) is never waited on, a
 * device is never opened (not even through a /proc/self/fd link to one the
 * process holds, which leads outside the namespace), a link is not followed
 * where the caller says so, a folder is said as one. Each method runs in a child process, so the
 * namespace of the second never reaches the first or the test runner.
 */
#include "chipaudit/chipaudit.h"
#include "util/file.h"

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

static char dir[64];
static int held_device = -1; /* /dev/null, open since before either method */

/* A folder with a regular file, a FIFO, links to both and to /dev/zero,
 * and a subfolder. */
static int setup(void **state)
{
	(void)state;
	snprintf(dir, sizeof(dir), "/tmp/chipaudit-file-XXXXXX");
	if (!mkdtemp(dir))
		return -1;
	held_device = open("/dev/null", O_RDONLY | O_CLOEXEC);
	if (held_device < 0)
		return -1;
	char p[128];
	snprintf(p, sizeof(p), "%s/good", dir);
	FILE *f = fopen(p, "w");
	if (!f)
		return -1;
	fputs("evidence\n", f);
	fclose(f);
	snprintf(p, sizeof(p), "%s/fifo", dir);
	if (mkfifo(p, 0600) < 0)
		return -1;
	snprintf(p, sizeof(p), "%s/sub", dir);
	if (mkdir(p, 0700) < 0)
		return -1;
	const char *links[][2] = {{"fifo", "to-fifo"}, {"good", "to-good"}, {"/dev/zero", "to-zero"}};
	for (size_t i = 0; i < 3; i++) {
		snprintf(p, sizeof(p), "%s/%s", dir, links[i][1]);
		if (symlink(links[i][0], p) < 0)
			return -1;
	}
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	const char *names[] = {"good", "fifo", "to-fifo", "to-good", "to-zero"};
	char p[128];
	for (size_t i = 0; i < 5; i++) {
		snprintf(p, sizeof(p), "%s/%s", dir, names[i]);
		unlink(p);
	}
	snprintf(p, sizeof(p), "%s/sub", dir);
	rmdir(p);
	rmdir(dir);
	close(held_device);
	return 0;
}

/* -errno of reading path by name (0 when read, and then it must be the
 * good file's text). */
static int read_path(const char *name)
{
	char p[128];
	snprintf(p, sizeof(p), "%s%s%s", name[0] == '/' ? "" : dir, name[0] == '/' ? "" : "/", name);
	size_t len = 0;
	int err = 0;
	uint8_t *buf = cai_file_read(p, 1024, &len, &err);
	if (!buf)
		return err;
	int same = len == 9 && memcmp(buf, "evidence\n", 9) == 0;
	free(buf);
	return same ? 0 : -EILSEQ;
}

/* The same, by name in the folder open as dirfd (links not followed). */
static int read_at(int dirfd, const char *name)
{
	size_t len = 0;
	int err = 0;
	uint8_t *buf = cai_file_read_at(dirfd, name, 1024, &len, &err);
	if (!buf)
		return err;
	int same = len == 9 && memcmp(buf, "evidence\n", 9) == 0;
	free(buf);
	return same ? 0 : -EILSEQ;
}

/* Exit status 0 when every answer is the documented one; each failed
 * check says which on stderr. */
static int check_answers(void)
{
	int bad = 0;
#define EXPECT(what, got, want)                                                                     \
	do {                                                                                        \
		int g_ = (got);                                                                     \
		if (g_ != (want)) {                                                                 \
			fprintf(stderr, "%s: got %d (%s), want %d\n", what, g_, strerror(-g_), want); \
			bad = 1;                                                                    \
		}                                                                                   \
	} while (0)
	EXPECT("regular file by path", read_path("good"), 0);
	EXPECT("link to a regular file by path (followed)", read_path("to-good"), 0);
	EXPECT("FIFO by path", read_path("fifo"), -ENODEV);
	EXPECT("link to a FIFO by path", read_path("to-fifo"), -ENODEV);
	EXPECT("link to /dev/zero by path", read_path("to-zero"), -ENODEV);
	EXPECT("/dev/zero by path", read_path("/dev/zero"), -ENODEV);
	EXPECT("/dev/null by path", read_path("/dev/null"), -ENODEV);
	EXPECT("folder by path", read_path("sub"), -EISDIR);
	EXPECT("missing file by path", read_path("absent"), -ENOENT);
	int dirfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dirfd < 0)
		return 1;
	EXPECT("regular file in folder", read_at(dirfd, "good"), 0);
	EXPECT("link to a regular file in folder (not followed)", read_at(dirfd, "to-good"), -ENODEV);
	EXPECT("FIFO in folder", read_at(dirfd, "fifo"), -ENODEV);
	EXPECT("link to a FIFO in folder", read_at(dirfd, "to-fifo"), -ENODEV);
	EXPECT("link to /dev/zero in folder", read_at(dirfd, "to-zero"), -ENODEV);
	EXPECT("folder in folder", read_at(dirfd, "sub"), -EISDIR);
	close(dirfd);
	int fd = cai_file_open("/dev/null");
	EXPECT("cai_file_open of /dev/null", fd < 0 ? fd : (close(fd), 0), -ENODEV);
	/* a magic link to a device this process already holds (opened
	 * before, as stdin can be): refused, and the device not opened again
	 * (no IN_OPEN on it) */
	int watch = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
	if (watch < 0 || inotify_add_watch(watch, "/dev/null", IN_OPEN) < 0)
		return 1;
	char magic[64];
	snprintf(magic, sizeof(magic), "/proc/self/fd/%d", held_device);
	EXPECT("a /proc/self/fd link to a held device", read_path(magic), -ENODEV);
	snprintf(magic, sizeof(magic), "/dev/fd/%d", held_device);
	EXPECT("a /dev/fd link to a held device", read_path(magic), -ENODEV);
	char events[256];
	EXPECT("the held device was not opened again", read(watch, events, sizeof(events)) > 0 ? 1 : 0, 0);
	close(watch);
	/* a FIFO named by path is not even opened (no IN_OPEN on it) */
	char fifo[128];
	snprintf(fifo, sizeof(fifo), "%s/fifo", dir);
	watch = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
	if (watch < 0 || inotify_add_watch(watch, fifo, IN_OPEN) < 0)
		return 1;
	EXPECT("FIFO by path, watched", read_path("fifo"), -ENODEV);
	EXPECT("FIFO through a link by path, watched", read_path("to-fifo"), -ENODEV);
	EXPECT("the FIFO named by path was not opened", read(watch, events, sizeof(events)) > 0 ? 1 : 0, 0);
	close(watch);
#undef EXPECT
	return bad;
}

/* Runs fn in a child (with a time limit: a FIFO opened for reading by
 * mistake would block) and returns its exit status, or -1. */
static int in_child(int (*fn)(void))
{
	pid_t pid = fork();
	if (pid == 0) {
		alarm(20);
		_exit(fn());
	}
	int status;
	if (pid < 0 || waitpid(pid, &status, 0) != pid)
		return -1;
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

static int o_path_method(void)
{
	return cai_devices_refused() ? 2 : check_answers();
}

static void test_o_path_method(void **state)
{
	(void)state;
	assert_int_equal(in_child(o_path_method), 0);
}

/* 0: refused and every answer right; 3: not allowed here (not root, and
 * no unprivileged user namespaces), and every answer right. */
static int nodev_method(void)
{
	int r = ca_refuse_devices();
	if (r < 0) {
		fprintf(stderr, "ca_refuse_devices: %s (the O_PATH method stays)\n", strerror(-r));
		return check_answers() ? 1 : 3;
	}
	if (!cai_devices_refused())
		return 4;
	/* the kernel itself refuses a device now */
	int fd = open("/dev/null", O_RDONLY | O_CLOEXEC);
	if (fd >= 0 || errno != EACCES) {
		fprintf(stderr, "/dev/null opened after ca_refuse_devices\n");
		return 5;
	}
	return check_answers();
}

/* The mount table of this process, to see that the child's namespace
 * changed nothing here. */
static char *mountinfo(void)
{
	size_t len;
	int err;
	return (char *)cai_file_read("/proc/self/mountinfo", 1 << 20, &len, &err);
}

static void test_nodev_method(void **state)
{
	(void)state;
	char *before = mountinfo();
	int rc = in_child(nodev_method);
	char *after = mountinfo();
	assert_non_null(before);
	assert_non_null(after);
	assert_string_equal(before, after);
	free(before);
	free(after);
	if (rc == 3 && geteuid() != 0) {
		/* said on stderr by the child: the answers were right all the same */
		print_message("ca_refuse_devices is not allowed for this user here: the O_PATH method was checked\n");
		return;
	}
	/* root (as on CI) always can: the nodev method must have run */
	assert_int_equal(rc, 0);
}

/* With the working folder on a detached mount (reachable from no root), a
 * relative path would resolve on a mount the namespace did not make
 * nodev: ca_refuse_devices() must say no and leave the O_PATH method. */
static int detached_cwd(void)
{
	char mnt[128];
	snprintf(mnt, sizeof(mnt), "%s/sub", dir);
	if (unshare(CLONE_NEWNS) < 0 || mount("none", "/", "none", MS_REC | MS_PRIVATE, NULL) < 0 ||
	    mount("tmpfs", mnt, "tmpfs", 0, "size=64k") < 0 || chdir(mnt) < 0 || umount2(mnt, MNT_DETACH) < 0)
		return 10;
	int r = ca_refuse_devices();
	if (r == 0 || cai_devices_refused()) {
		fprintf(stderr, "ca_refuse_devices accepted a detached working folder\n");
		return 1;
	}
	return 0;
}

static void test_detached_cwd(void **state)
{
	(void)state;
	if (geteuid() != 0) {
		print_message("not root: the detached-folder case needs mounts, not checked here\n");
		return;
	}
	assert_int_equal(in_child(detached_cwd), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_o_path_method),
		cmocka_unit_test(test_nodev_method),
		cmocka_unit_test(test_detached_cwd),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
