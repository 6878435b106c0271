/*
 * Functions that are too easy to misuse; including this header (the build
 * force-includes it) turns any use into a compile error.
 */
#ifndef ATLAS_BANNED_H
#define ATLAS_BANNED_H

#define BANNED(func) sorry_##func##_is_a_banned_function

#undef strcpy
#define strcpy(x, y) BANNED(strcpy)
#undef strcat
#define strcat(x, y) BANNED(strcat)
#undef sprintf
#define sprintf(...) BANNED(sprintf)
#undef vsprintf
#define vsprintf(...) BANNED(vsprintf)
#undef strtok
#define strtok(x, y) BANNED(strtok)

#endif
