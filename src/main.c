/*
 * The process entry point: creates the one arena of this command run,
 * hands argv to the command table and turns its result into the exit
 * code.  Everything allocated during the run dies with the arena here.
 */
#include "cli/cli.h"


int main(int argc, char **argv)
{
	struct arena *arena = arena_new();
	int code = cli_main(arena, argc - 1, argv + 1, stdout, stderr);
	if (fflush(stdout) != 0 && code == 0)
		code = EXIT_FAIL;
	arena_free(arena);
	return code;
}
