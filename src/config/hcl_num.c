/*
 * hcl_num: numbers for HCL values.  cty keeps numbers as 512-bit binary
 * floats (math/big) and prints them as the shortest decimal that
 * identifies that float.  Here a number is an exact rational (two
 * arbitrary-precision naturals and a sign) plus the binary precision cty
 * would have given it (512 for literals and parsed text, 64 for integers
 * made by functions, 53 for results of float64 functions such as pow).
 * Arithmetic is exact; printing rounds to that precision and applies
 * math/big's shortest-decimal algorithm, so integers print exactly and
 * 1/3 prints with cty's 155 digits.  The only divergence from cty is
 * that intermediate results are not rounded (cty rounds after each
 * operation), which is invisible for configuration arithmetic.
 *
 * Sizes are capped (HCL_NUM_MAX_BITS) so that hostile input such as
 * 1e999999999 fails with "number too large" instead of exhausting memory.
 */
#include "config/internal.h"

#include <math.h>
#include <string.h>

#define HCL_NUM_MAX_BITS 8192
#define HCL_NUM_MAX_EXP10 2000

struct big {
	size_t n; /* limbs in use; d[n-1] != 0 unless n == 0 */
	uint32_t *d;
};

struct hcl_num {
	int inf; /* 0 finite, +1 / -1 infinite */
	bool neg; /* sign, also for -0 */
	unsigned prec; /* binary precision cty would use when printing */
	struct big num, den; /* |value| = num / den, den >= 1, reduced */
};

/* ---- naturals ---- */

static struct big big_alloc(struct arena *a, size_t n)
{
	struct big r = { 0, NULL };
	r.d = arena_alloc(a, (n ? n : 1) * sizeof(uint32_t));
	r.n = n;
	return r;
}

static void big_norm(struct big *x)
{
	while (x->n > 0 && x->d[x->n - 1] == 0)
		x->n--;
}

static struct big big_u64(struct arena *a, uint64_t v)
{
	struct big r = big_alloc(a, 2);
	r.d[0] = (uint32_t)v;
	r.d[1] = (uint32_t)(v >> 32);
	big_norm(&r);
	return r;
}

static size_t big_bitlen(const struct big *x)
{
	if (x->n == 0)
		return 0;
	uint32_t top = x->d[x->n - 1];
	size_t b = 0;
	while (top) {
		b++;
		top >>= 1;
	}
	return (x->n - 1) * 32 + b;
}

static int big_cmp(const struct big *x, const struct big *y)
{
	if (x->n != y->n)
		return x->n < y->n ? -1 : 1;
	for (size_t i = x->n; i-- > 0;)
		if (x->d[i] != y->d[i])
			return x->d[i] < y->d[i] ? -1 : 1;
	return 0;
}

static struct big big_add(struct arena *a, const struct big *x, const struct big *y)
{
	size_t n = (x->n > y->n ? x->n : y->n) + 1;
	struct big r = big_alloc(a, n);
	uint64_t c = 0;
	for (size_t i = 0; i < n; i++) {
		uint64_t s = c;
		if (i < x->n)
			s += x->d[i];
		if (i < y->n)
			s += y->d[i];
		r.d[i] = (uint32_t)s;
		c = s >> 32;
	}
	big_norm(&r);
	return r;
}

/* x - y, requires x >= y */
static struct big big_sub(struct arena *a, const struct big *x, const struct big *y)
{
	struct big r = big_alloc(a, x->n);
	int64_t br = 0;
	for (size_t i = 0; i < x->n; i++) {
		int64_t s = (int64_t)x->d[i] - br - (i < y->n ? (int64_t)y->d[i] : 0);
		br = 0;
		if (s < 0) {
			s += (int64_t)1 << 32;
			br = 1;
		}
		r.d[i] = (uint32_t)s;
	}
	big_norm(&r);
	return r;
}

static struct big big_mul(struct arena *a, const struct big *x, const struct big *y)
{
	if (x->n == 0 || y->n == 0)
		return big_alloc(a, 0);
	struct big r = big_alloc(a, x->n + y->n);
	for (size_t i = 0; i < x->n; i++) {
		uint64_t c = 0;
		for (size_t j = 0; j < y->n; j++) {
			uint64_t t = (uint64_t)x->d[i] * y->d[j] + r.d[i + j] + c;
			r.d[i + j] = (uint32_t)t;
			c = t >> 32;
		}
		r.d[i + y->n] = (uint32_t)c;
	}
	big_norm(&r);
	return r;
}

static struct big big_mul_small(struct arena *a, const struct big *x, uint32_t m, uint32_t add)
{
	struct big r = big_alloc(a, x->n + 1);
	uint64_t c = add;
	for (size_t i = 0; i < x->n; i++) {
		uint64_t t = (uint64_t)x->d[i] * m + c;
		r.d[i] = (uint32_t)t;
		c = t >> 32;
	}
	r.d[x->n] = (uint32_t)c;
	big_norm(&r);
	return r;
}

static struct big big_divmod_small(struct arena *a, const struct big *x, uint32_t m, uint32_t *rem)
{
	struct big r = big_alloc(a, x->n);
	uint64_t c = 0;
	for (size_t i = x->n; i-- > 0;) {
		uint64_t cur = (c << 32) | x->d[i];
		r.d[i] = (uint32_t)(cur / m);
		c = cur % m;
	}
	big_norm(&r);
	*rem = (uint32_t)c;
	return r;
}

static struct big big_shl(struct arena *a, const struct big *x, size_t bits)
{
	if (x->n == 0)
		return big_alloc(a, 0);
	size_t w = bits / 32, b = bits % 32;
	struct big r = big_alloc(a, x->n + w + 1);
	for (size_t i = 0; i < x->n; i++) {
		uint64_t v = (uint64_t)x->d[i] << b;
		r.d[i + w] |= (uint32_t)v;
		r.d[i + w + 1] |= (uint32_t)(v >> 32);
	}
	big_norm(&r);
	return r;
}

static struct big big_shr(struct arena *a, const struct big *x, size_t bits)
{
	size_t w = bits / 32, b = bits % 32;
	if (w >= x->n)
		return big_alloc(a, 0);
	struct big r = big_alloc(a, x->n - w);
	for (size_t i = 0; i < r.n; i++) {
		uint64_t v = x->d[i + w];
		if (i + w + 1 < x->n)
			v |= (uint64_t)x->d[i + w + 1] << 32;
		r.d[i] = (uint32_t)(v >> b);
	}
	big_norm(&r);
	return r;
}

static bool big_bit(const struct big *x, size_t i)
{
	size_t w = i / 32;
	return w < x->n && ((x->d[w] >> (i % 32)) & 1);
}

/* Schoolbook binary long division; sizes here are a few thousand bits. */
static void big_divmod(struct arena *a, const struct big *x, const struct big *y, struct big *q,
		       struct big *r)
{
	if (big_cmp(x, y) < 0) {
		*q = big_alloc(a, 0);
		*r = *x;
		return;
	}
	if (y->n == 1) {
		uint32_t rem;
		*q = big_divmod_small(a, x, y->d[0], &rem);
		*r = big_u64(a, rem);
		return;
	}
	size_t nb = big_bitlen(x);
	struct big quo = big_alloc(a, x->n);
	/* remainder kept in a fixed buffer of y->n + 1 limbs */
	struct big rem = big_alloc(a, y->n + 1);
	rem.n = 0;
	for (size_t i = nb; i-- > 0;) {
		/* rem = rem * 2 + bit */
		uint32_t carry = big_bit(x, i) ? 1 : 0;
		for (size_t k = 0; k < rem.n; k++) {
			uint32_t nc = rem.d[k] >> 31;
			rem.d[k] = (rem.d[k] << 1) | carry;
			carry = nc;
		}
		if (carry)
			rem.d[rem.n++] = carry;
		if (big_cmp(&rem, y) >= 0) {
			int64_t br = 0;
			for (size_t k = 0; k < rem.n; k++) {
				int64_t s = (int64_t)rem.d[k] - br - (k < y->n ? (int64_t)y->d[k] : 0);
				br = 0;
				if (s < 0) {
					s += (int64_t)1 << 32;
					br = 1;
				}
				rem.d[k] = (uint32_t)s;
			}
			big_norm(&rem);
			quo.d[i / 32] |= (uint32_t)1 << (i % 32);
		}
	}
	big_norm(&quo);
	*q = quo;
	*r = rem;
}

static size_t big_tz(const struct big *x)
{
	size_t i = 0;
	while (i < x->n * 32 && !big_bit(x, i))
		i++;
	return i;
}

static bool big_fits64(const struct big *x)
{
	return x->n <= 2;
}

static uint64_t big_to64(const struct big *x)
{
	return (x->n > 0 ? x->d[0] : 0) | (x->n > 1 ? (uint64_t)x->d[1] << 32 : 0);
}

/* x -= y in place (x >= y) */
static void big_sub_inplace(struct big *x, const struct big *y)
{
	int64_t br = 0;
	for (size_t i = 0; i < x->n; i++) {
		int64_t s = (int64_t)x->d[i] - br - (i < y->n ? (int64_t)y->d[i] : 0);
		br = 0;
		if (s < 0) {
			s += (int64_t)1 << 32;
			br = 1;
		}
		x->d[i] = (uint32_t)s;
	}
	big_norm(x);
}

/* x >>= bits in place */
static void big_shr_inplace(struct big *x, size_t bits)
{
	size_t w = bits / 32, b = bits % 32;
	if (w >= x->n) {
		x->n = 0;
		return;
	}
	for (size_t i = 0; i + w < x->n; i++) {
		uint64_t v = x->d[i + w];
		if (i + w + 1 < x->n)
			v |= (uint64_t)x->d[i + w + 1] << 32;
		x->d[i] = (uint32_t)(v >> b);
	}
	x->n -= w;
	big_norm(x);
}

/* Binary GCD (Stein) on private copies, in place: no divisions and no
 * allocation per step. */
static struct big big_gcd(struct arena *a, struct big x, struct big y)
{
	if (x.n == 0)
		return y;
	if (y.n == 0)
		return x;
	if (big_fits64(&x) && big_fits64(&y)) {
		uint64_t u = big_to64(&x), v = big_to64(&y);
		while (v) {
			uint64_t t = u % v;
			u = v;
			v = t;
		}
		return big_u64(a, u);
	}
	struct big cx = big_alloc(a, x.n), cy = big_alloc(a, y.n);
	memcpy(cx.d, x.d, x.n * sizeof(uint32_t));
	memcpy(cy.d, y.d, y.n * sizeof(uint32_t));
	size_t zx = big_tz(&cx), zy = big_tz(&cy);
	size_t k = zx < zy ? zx : zy;
	big_shr_inplace(&cx, zx);
	big_shr_inplace(&cy, zy);
	for (;;) {
		int c = big_cmp(&cx, &cy);
		if (c == 0)
			break;
		if (c < 0) {
			struct big t = cx;
			cx = cy;
			cy = t;
		}
		big_sub_inplace(&cx, &cy);
		big_shr_inplace(&cx, big_tz(&cx));
	}
	return big_shl(a, &cx, k);
}

static bool big_is_one(const struct big *x)
{
	return x->n == 1 && x->d[0] == 1;
}

/* Decimal digits (no sign); "0" for zero. */
static char *big_to_dec(struct arena *a, const struct big *x)
{
	if (x->n == 0)
		return arena_strdup(a, "0");
	size_t cap = x->n * 10 + 2;
	char *buf = arena_alloc(a, cap);
	size_t pos = cap - 1;
	buf[pos] = 0;
	struct big cur = *x;
	while (cur.n > 0) {
		uint32_t rem;
		cur = big_divmod_small(a, &cur, 1000000000u, &rem);
		for (int k = 0; k < 9; k++) {
			buf[--pos] = (char)('0' + rem % 10);
			rem /= 10;
			if (cur.n == 0 && rem == 0)
				break;
		}
	}
	while (buf[pos] == '0' && buf[pos + 1])
		pos++;
	return buf + pos;
}

static struct big big_pow_small(struct arena *a, uint32_t base, size_t k)
{
	struct big r = big_u64(a, 1);
	struct big b = big_u64(a, base);
	while (k) {
		if (k & 1)
			r = big_mul(a, &r, &b);
		k >>= 1;
		if (k)
			b = big_mul(a, &b, &b);
	}
	return r;
}

/* ---- rationals ---- */

static struct hcl_num *num_new(struct arena *a, bool neg, struct big num, struct big den,
			       unsigned prec)
{
	struct hcl_num *r = arena_alloc(a, sizeof(*r));
	r->neg = neg;
	r->prec = prec;
	if (num.n == 0) {
		r->num = num;
		r->den = big_u64(a, 1);
		return r;
	}
	if (!big_is_one(&den) && big_fits64(&num) && big_fits64(&den)) {
		uint64_t u = big_to64(&num), v = big_to64(&den), g = u, h = v;
		while (h) {
			uint64_t t = g % h;
			g = h;
			h = t;
		}
		r->num = big_u64(a, u / g);
		r->den = big_u64(a, v / g);
		return r;
	}
	if (!big_is_one(&den)) {
		struct big g = big_gcd(a, num, den);
		if (!big_is_one(&g)) {
			struct big q, rem;
			big_divmod(a, &num, &g, &q, &rem);
			num = q;
			big_divmod(a, &den, &g, &q, &rem);
			den = q;
		}
	}
	r->num = num;
	r->den = den;
	return r;
}

static bool too_big(const struct big *x)
{
	return big_bitlen(x) > HCL_NUM_MAX_BITS;
}

/*
 * cty rounds every result to its binary precision (big.Float, nearest
 * even); doing the same keeps printed results identical, e.g.
 * 2 / -2.5e-3 is -800.000...0001 in cty because 2.5e-3 is not a binary
 * fraction.  Values already exact at that precision are left alone.
 */
static struct hcl_num *round_prec(struct arena *a, struct hcl_num *r)
{
	if (r->inf || r->num.n == 0)
		return r;
	if (big_is_one(&r->den) && big_bitlen(&r->num) <= r->prec)
		return r;
	size_t tz_den = big_tz(&r->den);
	struct big odd_den = big_shr(a, &r->den, tz_den);
	if (big_is_one(&odd_den)) {
		size_t tz = big_tz(&r->num);
		if (big_bitlen(&r->num) - tz <= r->prec)
			return r;
	}
	const struct big *p = &r->num, *q = &r->den;
	long t = (long)big_bitlen(p) - (long)big_bitlen(q);
	{
		struct big l = *p, rr = *q;
		if (t >= 0)
			rr = big_shl(a, q, (size_t)t);
		else
			l = big_shl(a, p, (size_t)-t);
		if (big_cmp(&l, &rr) < 0)
			t--;
	}
	long s = (long)r->prec - 1 - t;
	struct big nn = *p, dd = *q;
	if (s >= 0)
		nn = big_shl(a, p, (size_t)s);
	else
		dd = big_shl(a, q, (size_t)-s);
	struct big m, rem;
	big_divmod(a, &nn, &dd, &m, &rem);
	struct big twice = big_shl(a, &rem, 1);
	int c = big_cmp(&twice, &dd);
	if (c > 0 || (c == 0 && big_bit(&m, 0)))
		m = big_add(a, &m, &(struct big){ 1, (uint32_t[]){ 1 } });
	if (big_bitlen(&m) > r->prec) {
		m = big_shr(a, &m, 1);
		s--;
	}
	struct big one = big_u64(a, 1);
	if (s >= 0)
		return num_new(a, r->neg, m, big_shl(a, &one, (size_t)s), r->prec);
	return num_new(a, r->neg, big_shl(a, &m, (size_t)-s), one, r->prec);
}

const struct hcl_num *hcl_num_from_int(struct arena *a, long long i)
{
	uint64_t m = i < 0 ? (uint64_t)(-(i + 1)) + 1 : (uint64_t)i;
	return num_new(a, i < 0, big_u64(a, m), big_u64(a, 1), 64);
}

const struct hcl_num *hcl_num_from_double(struct arena *a, double d)
{
	struct hcl_num *r;
	if (isinf(d)) {
		r = arena_alloc(a, sizeof(*r));
		r->inf = d > 0 ? 1 : -1;
		r->neg = d < 0;
		r->prec = 53;
		r->num = big_u64(a, 0);
		r->den = big_u64(a, 1);
		return r;
	}
	if (isnan(d))
		return NULL;
	bool neg = signbit(d);
	d = fabs(d);
	int e;
	double m = frexp(d, &e); /* d = m * 2^e, 0.5 <= m < 1 */
	uint64_t mi = (uint64_t)ldexp(m, 53);
	e -= 53;
	struct big num = big_u64(a, mi), den = big_u64(a, 1);
	if (e > 0)
		num = big_shl(a, &num, (size_t)e);
	else if (e < 0)
		den = big_shl(a, &den, (size_t)-e);
	return num_new(a, neg, num, den, 53);
}

static bool digit(char c)
{
	return c >= '0' && c <= '9';
}

const struct hcl_num *hcl_num_parse(struct arena *a, const char *s, size_t len, bool lenient)
{
	size_t i = 0;
	bool neg = false;
	if (lenient && i < len && (s[i] == '+' || s[i] == '-')) {
		neg = s[i] == '-';
		i++;
	}
	if (lenient) {
		const char *rest = s + i;
		size_t rl = len - i;
		if ((rl == 3 && strncasecmp(rest, "inf", 3) == 0) ||
		    (rl == 8 && strncasecmp(rest, "infinity", 8) == 0)) {
			struct hcl_num *r = arena_alloc(a, sizeof(*r));
			r->inf = neg ? -1 : 1;
			r->neg = neg;
			r->prec = 512;
			r->num = big_u64(a, 0);
			r->den = big_u64(a, 1);
			return r;
		}
	}
	struct big m = big_alloc(a, 0);
	size_t ndig = 0, sig = 0;
	long exp10 = 0;
	size_t start = i;
	while (i < len && digit(s[i])) {
		if (sig || s[i] != '0') {
			if (++sig > HCL_NUM_MAX_EXP10)
				return NULL;
			m = big_mul_small(a, &m, 10, (uint32_t)(s[i] - '0'));
		}
		i++;
		ndig++;
	}
	if (i < len && s[i] == '.') {
		if (!lenient && ndig == 0)
			return NULL;
		i++;
		size_t fd = 0;
		while (i < len && digit(s[i])) {
			if (sig || s[i] != '0') {
				if (++sig > HCL_NUM_MAX_EXP10)
					return NULL;
				m = big_mul_small(a, &m, 10, (uint32_t)(s[i] - '0'));
			}
			exp10--;
			i++;
			fd++;
		}
		if (!lenient && fd == 0)
			return NULL;
		ndig += fd;
	}
	if (ndig == 0 || i == start)
		return NULL;
	if (i < len && (s[i] == 'e' || s[i] == 'E')) {
		i++;
		bool eneg = false;
		if (i < len && (s[i] == '+' || s[i] == '-')) {
			eneg = s[i] == '-';
			i++;
		}
		if (i >= len || !digit(s[i]))
			return NULL;
		long e = 0;
		while (i < len && digit(s[i])) {
			if (e < 100000000)
				e = e * 10 + (s[i] - '0');
			i++;
		}
		exp10 += eneg ? -e : e;
	}
	if (i != len)
		return NULL;
	if (m.n == 0)
		return num_new(a, neg, m, big_u64(a, 1), 512);
	struct hcl_num *res;
	if (exp10 > HCL_NUM_MAX_EXP10 || exp10 < -HCL_NUM_MAX_EXP10)
		return NULL;
	struct big den = big_u64(a, 1);
	if (exp10 > 0) {
		struct big p = big_pow_small(a, 10, (size_t)exp10);
		m = big_mul(a, &m, &p);
	} else if (exp10 < 0) {
		den = big_pow_small(a, 10, (size_t)-exp10);
	}
	res = num_new(a, neg, m, den, 512);
	return round_prec(a, res);
}

bool hcl_num_is_int(const struct hcl_num *n)
{
	return !n->inf && big_is_one(&n->den);
}

int hcl_num_to_int64(long long *out, const struct hcl_num *n)
{
	if (n->inf || !big_is_one(&n->den) || n->num.n > 2)
		return -1;
	uint64_t m = big_to64(&n->num);
	if (n->neg) {
		if (m > (uint64_t)1 << 63)
			return -1;
		*out = m == (uint64_t)1 << 63 ? INT64_MIN : -(long long)m;
	} else {
		if (m > (uint64_t)INT64_MAX)
			return -1;
		*out = (long long)m;
	}
	return 0;
}

bool hcl_num_is_inf(const struct hcl_num *n)
{
	return n->inf != 0;
}

int hcl_num_sign(const struct hcl_num *n)
{
	if (n->inf)
		return n->inf;
	if (n->num.n == 0)
		return 0;
	return n->neg ? -1 : 1;
}

int hcl_num_cmp(const struct hcl_num *x, const struct hcl_num *y)
{
	if (x->inf || y->inf) {
		int a = x->inf, b = y->inf;
		if (a == b)
			return 0;
		if (a)
			return a;
		return -b;
	}
	int sx = hcl_num_sign(x), sy = hcl_num_sign(y);
	if (sx != sy)
		return sx < sy ? -1 : 1;
	if (sx == 0)
		return 0;
	if (big_is_one(&x->den) && big_is_one(&y->den)) {
		int c = big_cmp(&x->num, &y->num);
		return sx < 0 ? -c : c;
	}
	/* |x| vs |y| by cross products, in a scratch arena (no caller arena) */
	struct arena *tmp = arena_new();
	struct big l = big_mul(tmp, &x->num, &y->den);
	struct big r = big_mul(tmp, &y->num, &x->den);
	int c = big_cmp(&l, &r);
	arena_free(tmp);
	return sx < 0 ? -c : c;
}

const struct hcl_num *hcl_num_neg(struct arena *a, const struct hcl_num *x)
{
	struct hcl_num *r = arena_alloc(a, sizeof(*r));
	*r = *x;
	r->neg = !x->neg;
	if (x->inf)
		r->inf = -x->inf;
	return r;
}

static unsigned maxu(unsigned a, unsigned b)
{
	return a > b ? a : b;
}

static struct hcl_num *inf_num(struct arena *a, int sign, unsigned prec)
{
	struct hcl_num *r = arena_alloc(a, sizeof(*r));
	r->inf = sign;
	r->neg = sign < 0;
	r->prec = prec;
	r->num = big_u64(a, 0);
	r->den = big_u64(a, 1);
	return r;
}

/* signed add of two finite rationals */
static struct hcl_num *add_finite(struct arena *a, const struct hcl_num *x, bool yneg,
				  const struct hcl_num *y, unsigned prec)
{
	struct big xn = big_mul(a, &x->num, &y->den);
	struct big yn = big_mul(a, &y->num, &x->den);
	struct big den = big_mul(a, &x->den, &y->den);
	if (x->neg == yneg) {
		struct big s = big_add(a, &xn, &yn);
		bool neg = x->neg;
		if (s.n == 0)
			neg = x->neg && yneg; /* -0 + -0 = -0 */
		return num_new(a, neg, s, den, prec);
	}
	int c = big_cmp(&xn, &yn);
	if (c == 0)
		return num_new(a, false, big_alloc(a, 0), den, prec);
	if (c > 0)
		return num_new(a, x->neg, big_sub(a, &xn, &yn), den, prec);
	return num_new(a, yneg, big_sub(a, &yn, &xn), den, prec);
}

/* floor(|x|) as a natural */
static struct big floor_abs(struct arena *a, const struct hcl_num *x, bool *exact)
{
	struct big q, r;
	big_divmod(a, &x->num, &x->den, &q, &r);
	*exact = r.n == 0;
	return q;
}

const struct hcl_num *hcl_num_floor(struct arena *a, const struct hcl_num *n, bool ceil)
{
	if (n->inf)
		return n;
	bool exact;
	struct big q = floor_abs(a, n, &exact);
	/* toward -inf for floor, +inf for ceil */
	if (!exact && ((n->neg && !ceil) || (!n->neg && ceil)))
		q = big_add(a, &q, &(struct big){ 1, (uint32_t[]){ 1 } });
	return num_new(a, n->neg && q.n > 0, q, big_u64(a, 1), n->prec);
}

const struct hcl_num *hcl_num_arith(struct arena *a, char op, const struct hcl_num *x,
				    const struct hcl_num *y, const char **err)
{
	unsigned prec = maxu(x->prec, y->prec);
	struct hcl_num *r = NULL;
	switch (op) {
	case '+':
	case '-': {
		bool yneg = op == '-' ? !y->neg : y->neg;
		int yinf = op == '-' ? -y->inf : y->inf;
		if (x->inf || yinf) {
			if (x->inf && yinf && x->inf != yinf) {
				*err = op == '+' ? "can't compute sum of opposing infinities" : "can't subtract infinity from itself";
				return NULL;
			}
			return inf_num(a, x->inf ? x->inf : yinf, prec);
		}
		r = add_finite(a, x, yneg, y, prec);
		break;
	}
	case '*': {
		bool neg = x->neg != y->neg;
		if (x->inf || y->inf) {
			if (hcl_num_sign(x) == 0 || hcl_num_sign(y) == 0) {
				*err = "can't multiply zero by infinity";
				return NULL;
			}
			return inf_num(a, neg ? -1 : 1, 512);
		}
		r = num_new(a, neg, big_mul(a, &x->num, &y->num), big_mul(a, &x->den, &y->den), 512);
		break;
	}
	case '/': {
		bool neg = x->neg != y->neg;
		if (x->inf && y->inf) {
			*err = "can't divide zero by zero or infinity by infinity";
			return NULL;
		}
		if (x->inf)
			return inf_num(a, neg ? -1 : 1, prec);
		if (y->inf)
			return num_new(a, neg, big_alloc(a, 0), big_u64(a, 1), prec);
		if (y->num.n == 0) {
			if (x->num.n == 0) {
				*err = "can't divide zero by zero or infinity by infinity";
				return NULL;
			}
			return inf_num(a, neg ? -1 : 1, prec);
		}
		r = num_new(a, neg, big_mul(a, &x->num, &y->den), big_mul(a, &x->den, &y->num), prec);
		break;
	}
	case '%': {
		/* cty's Modulo: q = trunc(x / y) at the division's precision, then
		 * x - y * q rounded at x's precision; x % 0 is x */
		if (x->inf || y->inf) {
			if (x->inf)
				return inf_num(a, x->inf, prec);
			return x;
		}
		if (y->num.n == 0)
			return x;
		if (big_is_one(&x->den) && big_is_one(&y->den)) {
			/* integers: exact, as cty's rounding cannot show here */
			struct big q, rem;
			big_divmod(a, &x->num, &y->num, &q, &rem);
			r = num_new(a, x->neg && rem.n > 0, rem, big_u64(a, 1), x->prec);
			break;
		}
		bool neg = x->neg != y->neg;
		struct hcl_num *quo = num_new(a, neg, big_mul(a, &x->num, &y->den),
					      big_mul(a, &x->den, &y->num), prec);
		quo = round_prec(a, quo);
		bool exact;
		struct big qi = floor_abs(a, quo, &exact); /* truncation toward zero */
		struct hcl_num *qn = num_new(a, neg && qi.n > 0, qi, big_u64(a, 1), x->prec);
		struct hcl_num *t = num_new(a, qn->neg != y->neg && qi.n > 0 && y->num.n > 0,
					    big_mul(a, &qi, &y->num), y->den, x->prec);
		t = round_prec(a, t);
		r = add_finite(a, x, !t->neg, t, x->prec);
		if (r->num.n == 0)
			r->neg = false; /* cty's modulo yields +0 */
		break;
	}
	default:
		*err = "unsupported operator";
		return NULL;
	}
	if (too_big(&r->num) || too_big(&r->den)) {
		*err = "number too large";
		return NULL;
	}
	return round_prec(a, r);
}

const struct hcl_num *hcl_num_with_prec(struct arena *a, const struct hcl_num *n, unsigned prec)
{
	struct hcl_num *r = arena_alloc(a, sizeof(*r));
	*r = *n;
	r->prec = prec;
	return round_prec(a, r);
}

double hcl_num_to_double(const struct hcl_num *n)
{
	if (n->inf)
		return n->inf > 0 ? INFINITY : -INFINITY;
	struct arena *tmp = arena_new();
	const char *t = hcl_num_text(tmp, n);
	double d = strtod(t, NULL);
	arena_free(tmp);
	return d;
}

/* ---- printing: math/big's Text('f', -1) ---- */

struct dec {
	char *mant; /* digits, no leading zeros, trailing zeros trimmed */
	size_t len;
	long exp; /* value = 0.mant * 10^exp */
};

static void dec_trim(struct dec *d)
{
	while (d->len > 0 && d->mant[d->len - 1] == '0')
		d->len--;
	if (d->len == 0)
		d->exp = 0;
}

/* m * 2^shift as a decimal */
static struct dec dec_init(struct arena *a, const struct big *m, long shift)
{
	struct dec d;
	struct big v;
	long k = 0;
	if (shift >= 0) {
		v = big_shl(a, m, (size_t)shift);
	} else {
		k = -shift;
		struct big p = big_pow_small(a, 5, (size_t)k);
		v = big_mul(a, m, &p);
	}
	if (v.n == 0) {
		d.mant = arena_strdup(a, "");
		d.len = 0;
		d.exp = 0;
		return d;
	}
	d.mant = big_to_dec(a, &v);
	d.len = strlen(d.mant);
	d.exp = (long)d.len - k;
	dec_trim(&d);
	return d;
}

static char dec_at(const struct dec *d, long i)
{
	if (i >= 0 && (size_t)i < d->len)
		return d->mant[i];
	return '0';
}

static void dec_round_up(struct dec *d, size_t n)
{
	if (n >= d->len)
		return;
	while (n > 0 && d->mant[n - 1] >= '9')
		n--;
	if (n == 0) {
		d->mant[0] = '1';
		d->len = 1;
		d->exp++;
		return;
	}
	d->mant[n - 1]++;
	d->len = n;
}

static void dec_round_down(struct dec *d, size_t n)
{
	if (n >= d->len)
		return;
	d->len = n;
	dec_trim(d);
}

static bool dec_should_round_up(const struct dec *d, size_t n)
{
	if (d->mant[n] == '5' && n + 1 == d->len)
		return n > 0 && ((d->mant[n - 1] - '0') & 1) != 0;
	return d->mant[n] >= '5';
}

static void dec_round(struct dec *d, size_t n)
{
	if (n >= d->len)
		return;
	if (dec_should_round_up(d, n))
		dec_round_up(d, n);
	else
		dec_round_down(d, n);
}

/*
 * Rounds |x| = num/den to `prec` significant bits (nearest even) giving
 * M * 2^e with bitlen(M) == prec, then finds the shortest decimal that
 * rounds back to it (math/big's roundShortest, quirks included).
 */
static struct dec shortest(struct arena *a, const struct hcl_num *x)
{
	unsigned prec = x->prec;
	const struct big *p = &x->num, *q = &x->den;
	long t = (long)big_bitlen(p) - (long)big_bitlen(q);
	/* floor(log2(p/q)) is t or t-1 */
	{
		struct big l = *p, r = *q;
		if (t >= 0)
			r = big_shl(a, q, (size_t)t);
		else
			l = big_shl(a, p, (size_t)-t);
		if (big_cmp(&l, &r) < 0)
			t--;
	}
	long s = (long)prec - 1 - t; /* M = round(p/q * 2^s) */
	struct big nn = *p, dd = *q;
	if (s >= 0)
		nn = big_shl(a, p, (size_t)s);
	else
		dd = big_shl(a, q, (size_t)-s);
	struct big m, rem;
	big_divmod(a, &nn, &dd, &m, &rem);
	struct big twice = big_shl(a, &rem, 1);
	int c = big_cmp(&twice, &dd);
	if (c > 0 || (c == 0 && big_bit(&m, 0)))
		m = big_add(a, &m, &(struct big){ 1, (uint32_t[]){ 1 } });
	if (big_bitlen(&m) > prec) {
		m = big_shr(a, &m, 1);
		s--;
	}
	/* value = m * 2^-s */
	struct dec d = dec_init(a, &m, -s);
	struct big m2 = big_shl(a, &m, 1);
	struct big one = { 1, (uint32_t[]){ 1 } };
	struct big lo = big_sub(a, &m2, &one), hi = big_add(a, &m2, &one);
	struct dec lower = dec_init(a, &lo, -s - 1);
	struct dec upper = dec_init(a, &hi, -s - 1);
	bool inclusive = !big_bit(&m, 0);
	for (size_t i = 0; i < d.len; i++) {
		char l = dec_at(&lower, (long)i), mm = d.mant[i], u = dec_at(&upper, (long)i);
		bool okdown = l != mm || (inclusive && i + 1 == lower.len);
		bool okup = mm != u && (inclusive || mm + 1 < u || i + 1 < upper.len);
		if (okdown && okup) {
			dec_round(&d, i + 1);
			break;
		}
		if (okdown) {
			dec_round_down(&d, i + 1);
			break;
		}
		if (okup) {
			dec_round_up(&d, i + 1);
			break;
		}
	}
	return d;
}

/* Is den = 2^i 5^j (a terminating decimal)? */
static bool terminating(struct arena *a, const struct big *den, size_t *digits)
{
	struct big d = *den;
	size_t twos = big_tz(&d);
	d = big_shr(a, &d, twos);
	size_t fives = 0;
	while (!big_is_one(&d)) {
		uint32_t rem;
		struct big nd = big_divmod_small(a, &d, 5, &rem);
		if (rem)
			return false;
		d = nd;
		fives++;
	}
	*digits = twos > fives ? twos : fives;
	return true;
}

const char *hcl_num_text(struct arena *a, const struct hcl_num *n)
{
	if (n->inf)
		return n->inf > 0 ? "+Inf" : "-Inf";
	const char *sign = n->neg ? "-" : "";
	if (n->num.n == 0)
		return n->neg ? "-0" : "0";
	if (big_is_one(&n->den) && big_bitlen(&n->num) <= n->prec)
		return arena_printf(a, "%s%s", sign, big_to_dec(a, &n->num));
	size_t fd;
	if (n->prec >= 512 && terminating(a, &n->den, &fd)) {
		/* exact decimal: num * 10^fd / den */
		struct big p = big_pow_small(a, 10, fd);
		struct big v = big_mul(a, &n->num, &p), q, r;
		big_divmod(a, &v, &n->den, &q, &r);
		char *digs = big_to_dec(a, &q);
		size_t dl = strlen(digs);
		size_t sig = dl;
		while (sig > 0 && digs[sig - 1] == '0')
			sig--;
		if (sig <= 150) {
			struct strbuf sb = STRBUF_INIT;
			strbuf_addstr(&sb, sign);
			if (dl > fd) {
				strbuf_add(&sb, digs, dl - fd);
			} else {
				strbuf_addch(&sb, '0');
			}
			/* fraction without trailing zeros */
			size_t fl = fd;
			const char *fr;
			char *pad = NULL;
			if (dl >= fd) {
				fr = digs + dl - fd;
			} else {
				pad = arena_alloc(a, fd + 1);
				memset(pad, '0', fd - dl);
				memcpy(pad + fd - dl, digs, dl);
				fr = pad;
			}
			while (fl > 0 && fr[fl - 1] == '0')
				fl--;
			if (fl > 0) {
				strbuf_addch(&sb, '.');
				strbuf_add(&sb, fr, fl);
			}
			char *out = strbuf_arena(&sb, a);
			strbuf_release(&sb);
			return out;
		}
	}
	struct dec d = shortest(a, n);
	/* %f with the shortest digits */
	struct strbuf sb = STRBUF_INIT;
	strbuf_addstr(&sb, sign);
	if (d.exp > 0) {
		size_t m = d.len < (size_t)d.exp ? d.len : (size_t)d.exp;
		strbuf_add(&sb, d.mant, m);
		for (; m < (size_t)d.exp; m++)
			strbuf_addch(&sb, '0');
	} else {
		strbuf_addch(&sb, '0');
	}
	long prec = (long)d.len - d.exp;
	if (prec > 0) {
		strbuf_addch(&sb, '.');
		for (long i = 0; i < prec; i++)
			strbuf_addch(&sb, dec_at(&d, d.exp + i));
	}
	char *out = strbuf_arena(&sb, a);
	strbuf_release(&sb);
	return out;
}
