/*
 * emptymain: the start-up yardstick.  An empty main() that build.sh links
 * against exactly the shared libraries the atlas binary needs (its DT_NEEDED
 * list, with --no-as-needed), so that "atlas version" can be compared with
 * the cost of exec + dynamic loading + libc start-up alone.
 */
int main(void)
{
	return 0;
}
