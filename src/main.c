/*
 * The process entry point: creates the one arena of this command run,
 * installs the SIGINT/SIGTERM/SIGHUP handler, hands argv to the command
 * table and turns its result into the exit code.  Everything allocated
 * during the run dies with the arena here.
 *
 * The signal state is the program's only mutable global (DESIGN.md: none
 * beyond the process entry point).  A command that can stop cleanly
 * (migrate apply) sets interrupt.graceful: the first signal then prints
 * upstream's notice, counts itself and cancels the running statement
 * through the handle the command registered; the command rolls back,
 * releases the lock, reports and exits 1.  A second signal cancels
 * again and exits 1 at once.  Commands that do not opt in die by the signal as usual.
 */
#include <signal.h>
#include <unistd.h>

#include "cli/cli.h"
#include "driver/driver.h"
#include "report/report.h"

static struct driver_interrupt interrupt_state;

static void on_signal(int sig)
{
	static const char notice[] = REPORT_INTERRUPT_NOTICE;

	if (!interrupt_state.graceful) {
		signal(sig, SIG_DFL);
		raise(sig);
		return;
	}
	bool again = interrupt_state.signals > 0;
	if (!again && write(STDOUT_FILENO, notice, sizeof(notice) - 1) < 0) {
		/* nothing to do: the exit code still tells */
	}
	/* Even on the way out, cancel a running statement: the server then
	 * rolls it back instead of finishing it unrecorded. */
	driver_interrupt_signal(&interrupt_state);
	if (again)
		_exit(EXIT_FAIL);
}

static void install_handlers(void)
{
	static const int sigs[] = { SIGINT, SIGTERM, SIGHUP };
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sa.sa_flags = SA_RESTART;
	/* Installed even over an inherited SIG_IGN (a shell's `cmd &` ignores
	 * SIGINT), as Go's signal.Notify does for upstream. */
	for (size_t i = 0; i < ARRAY_LEN(sigs); i++)
		sigaction(sigs[i], &sa, NULL);
}

int main(int argc, char **argv)
{
	struct arena *arena = arena_new();
	/* Line by line, as upstream's unbuffered Go writes: the report then
	 * shows progress live in a release log, survives a killed VM, and
	 * stays in order with the handler's notice (written to the fd). */
	setvbuf(stdout, NULL, _IOLBF, 0);
	install_handlers();
	int code = cli_main(arena, argc - 1, argv + 1, stdout, stderr, &interrupt_state);
	if (fflush(stdout) != 0 && code == 0)
		code = EXIT_FAIL;
	arena_free(arena);
	return code;
}
