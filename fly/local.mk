# The Fly.io image's file tree: `make fly-rootfs DESTDIR=/some/dir` (the
# Dockerfile's build stage runs it; tests run the release command in it).
# FLY_PROJECT is the folder with the app's atlas.hcl and migrations/.
FLY_PROJECT = $(srcdir)/examples/fly
fly-rootfs: atlas
	@test -n "$(DESTDIR)" || { echo "usage: make fly-rootfs DESTDIR=/path/to/rootfs" >&2; exit 1; }
	$(SHELL) $(srcdir)/scripts/fly-rootfs ./atlas "$(DESTDIR)" "$(FLY_PROJECT)"
.PHONY: fly-rootfs

EXTRA_DIST += scripts/fly-rootfs fly/Dockerfile fly/fly.toml fly/README.md
