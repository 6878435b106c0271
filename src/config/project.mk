# project file: env selection and settings (project.c), src/cli/resolve.c
