/*
 * hcl_value: cty's value model for the HCL engine.  Types (primitive,
 * collection, structural, plus "type" values for variable type
 * expressions), constructors, cty's conversion rules with its error
 * wording, equality, set ordering, string NFC normalisation (canonical
 * composition, which is what configuration text needs), and JSON in both
 * directions in the shape ctyjson and Go's encoder produce.  Evaluation
 * and functions live in hcl_eval.c and hcl_funcs.c.
 */
#include "config/internal.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

const struct hcl_type hcl_type_dynamic = { .kind = HCL_T_DYNAMIC };
const struct hcl_type hcl_type_string = { .kind = HCL_T_STRING };
const struct hcl_type hcl_type_number = { .kind = HCL_T_NUMBER };
const struct hcl_type hcl_type_bool = { .kind = HCL_T_BOOL };
const struct hcl_type hcl_type_typeval = { .kind = HCL_T_TYPE };
const struct hcl_type hcl_type_raw = { .kind = HCL_T_RAW };

/* ---- NFC (canonical composition of base + mark pairs) ---- */

struct nfc_pair {
	unsigned a, b, c;
};

static const struct nfc_pair nfc_pairs[] = {
/* generated with Python's unicodedata: canonical pairs (base, mark) -> composite */
	{ 0x3C, 0x338, 0x226E },
	{ 0x3D, 0x338, 0x2260 },
	{ 0x3E, 0x338, 0x226F },
	{ 0x41, 0x300, 0xC0 },
	{ 0x41, 0x301, 0xC1 },
	{ 0x41, 0x302, 0xC2 },
	{ 0x41, 0x303, 0xC3 },
	{ 0x41, 0x304, 0x100 },
	{ 0x41, 0x306, 0x102 },
	{ 0x41, 0x307, 0x226 },
	{ 0x41, 0x308, 0xC4 },
	{ 0x41, 0x309, 0x1EA2 },
	{ 0x41, 0x30A, 0xC5 },
	{ 0x41, 0x30C, 0x1CD },
	{ 0x41, 0x30F, 0x200 },
	{ 0x41, 0x311, 0x202 },
	{ 0x41, 0x323, 0x1EA0 },
	{ 0x41, 0x325, 0x1E00 },
	{ 0x41, 0x328, 0x104 },
	{ 0x42, 0x307, 0x1E02 },
	{ 0x42, 0x323, 0x1E04 },
	{ 0x42, 0x331, 0x1E06 },
	{ 0x43, 0x301, 0x106 },
	{ 0x43, 0x302, 0x108 },
	{ 0x43, 0x307, 0x10A },
	{ 0x43, 0x30C, 0x10C },
	{ 0x43, 0x327, 0xC7 },
	{ 0x44, 0x307, 0x1E0A },
	{ 0x44, 0x30C, 0x10E },
	{ 0x44, 0x323, 0x1E0C },
	{ 0x44, 0x327, 0x1E10 },
	{ 0x44, 0x32D, 0x1E12 },
	{ 0x44, 0x331, 0x1E0E },
	{ 0x45, 0x300, 0xC8 },
	{ 0x45, 0x301, 0xC9 },
	{ 0x45, 0x302, 0xCA },
	{ 0x45, 0x303, 0x1EBC },
	{ 0x45, 0x304, 0x112 },
	{ 0x45, 0x306, 0x114 },
	{ 0x45, 0x307, 0x116 },
	{ 0x45, 0x308, 0xCB },
	{ 0x45, 0x309, 0x1EBA },
	{ 0x45, 0x30C, 0x11A },
	{ 0x45, 0x30F, 0x204 },
	{ 0x45, 0x311, 0x206 },
	{ 0x45, 0x323, 0x1EB8 },
	{ 0x45, 0x327, 0x228 },
	{ 0x45, 0x328, 0x118 },
	{ 0x45, 0x32D, 0x1E18 },
	{ 0x45, 0x330, 0x1E1A },
	{ 0x46, 0x307, 0x1E1E },
	{ 0x47, 0x301, 0x1F4 },
	{ 0x47, 0x302, 0x11C },
	{ 0x47, 0x304, 0x1E20 },
	{ 0x47, 0x306, 0x11E },
	{ 0x47, 0x307, 0x120 },
	{ 0x47, 0x30C, 0x1E6 },
	{ 0x47, 0x327, 0x122 },
	{ 0x48, 0x302, 0x124 },
	{ 0x48, 0x307, 0x1E22 },
	{ 0x48, 0x308, 0x1E26 },
	{ 0x48, 0x30C, 0x21E },
	{ 0x48, 0x323, 0x1E24 },
	{ 0x48, 0x327, 0x1E28 },
	{ 0x48, 0x32E, 0x1E2A },
	{ 0x49, 0x300, 0xCC },
	{ 0x49, 0x301, 0xCD },
	{ 0x49, 0x302, 0xCE },
	{ 0x49, 0x303, 0x128 },
	{ 0x49, 0x304, 0x12A },
	{ 0x49, 0x306, 0x12C },
	{ 0x49, 0x307, 0x130 },
	{ 0x49, 0x308, 0xCF },
	{ 0x49, 0x309, 0x1EC8 },
	{ 0x49, 0x30C, 0x1CF },
	{ 0x49, 0x30F, 0x208 },
	{ 0x49, 0x311, 0x20A },
	{ 0x49, 0x323, 0x1ECA },
	{ 0x49, 0x328, 0x12E },
	{ 0x49, 0x330, 0x1E2C },
	{ 0x4A, 0x302, 0x134 },
	{ 0x4B, 0x301, 0x1E30 },
	{ 0x4B, 0x30C, 0x1E8 },
	{ 0x4B, 0x323, 0x1E32 },
	{ 0x4B, 0x327, 0x136 },
	{ 0x4B, 0x331, 0x1E34 },
	{ 0x4C, 0x301, 0x139 },
	{ 0x4C, 0x30C, 0x13D },
	{ 0x4C, 0x323, 0x1E36 },
	{ 0x4C, 0x327, 0x13B },
	{ 0x4C, 0x32D, 0x1E3C },
	{ 0x4C, 0x331, 0x1E3A },
	{ 0x4D, 0x301, 0x1E3E },
	{ 0x4D, 0x307, 0x1E40 },
	{ 0x4D, 0x323, 0x1E42 },
	{ 0x4E, 0x300, 0x1F8 },
	{ 0x4E, 0x301, 0x143 },
	{ 0x4E, 0x303, 0xD1 },
	{ 0x4E, 0x307, 0x1E44 },
	{ 0x4E, 0x30C, 0x147 },
	{ 0x4E, 0x323, 0x1E46 },
	{ 0x4E, 0x327, 0x145 },
	{ 0x4E, 0x32D, 0x1E4A },
	{ 0x4E, 0x331, 0x1E48 },
	{ 0x4F, 0x300, 0xD2 },
	{ 0x4F, 0x301, 0xD3 },
	{ 0x4F, 0x302, 0xD4 },
	{ 0x4F, 0x303, 0xD5 },
	{ 0x4F, 0x304, 0x14C },
	{ 0x4F, 0x306, 0x14E },
	{ 0x4F, 0x307, 0x22E },
	{ 0x4F, 0x308, 0xD6 },
	{ 0x4F, 0x309, 0x1ECE },
	{ 0x4F, 0x30B, 0x150 },
	{ 0x4F, 0x30C, 0x1D1 },
	{ 0x4F, 0x30F, 0x20C },
	{ 0x4F, 0x311, 0x20E },
	{ 0x4F, 0x31B, 0x1A0 },
	{ 0x4F, 0x323, 0x1ECC },
	{ 0x4F, 0x328, 0x1EA },
	{ 0x50, 0x301, 0x1E54 },
	{ 0x50, 0x307, 0x1E56 },
	{ 0x52, 0x301, 0x154 },
	{ 0x52, 0x307, 0x1E58 },
	{ 0x52, 0x30C, 0x158 },
	{ 0x52, 0x30F, 0x210 },
	{ 0x52, 0x311, 0x212 },
	{ 0x52, 0x323, 0x1E5A },
	{ 0x52, 0x327, 0x156 },
	{ 0x52, 0x331, 0x1E5E },
	{ 0x53, 0x301, 0x15A },
	{ 0x53, 0x302, 0x15C },
	{ 0x53, 0x307, 0x1E60 },
	{ 0x53, 0x30C, 0x160 },
	{ 0x53, 0x323, 0x1E62 },
	{ 0x53, 0x326, 0x218 },
	{ 0x53, 0x327, 0x15E },
	{ 0x54, 0x307, 0x1E6A },
	{ 0x54, 0x30C, 0x164 },
	{ 0x54, 0x323, 0x1E6C },
	{ 0x54, 0x326, 0x21A },
	{ 0x54, 0x327, 0x162 },
	{ 0x54, 0x32D, 0x1E70 },
	{ 0x54, 0x331, 0x1E6E },
	{ 0x55, 0x300, 0xD9 },
	{ 0x55, 0x301, 0xDA },
	{ 0x55, 0x302, 0xDB },
	{ 0x55, 0x303, 0x168 },
	{ 0x55, 0x304, 0x16A },
	{ 0x55, 0x306, 0x16C },
	{ 0x55, 0x308, 0xDC },
	{ 0x55, 0x309, 0x1EE6 },
	{ 0x55, 0x30A, 0x16E },
	{ 0x55, 0x30B, 0x170 },
	{ 0x55, 0x30C, 0x1D3 },
	{ 0x55, 0x30F, 0x214 },
	{ 0x55, 0x311, 0x216 },
	{ 0x55, 0x31B, 0x1AF },
	{ 0x55, 0x323, 0x1EE4 },
	{ 0x55, 0x324, 0x1E72 },
	{ 0x55, 0x328, 0x172 },
	{ 0x55, 0x32D, 0x1E76 },
	{ 0x55, 0x330, 0x1E74 },
	{ 0x56, 0x303, 0x1E7C },
	{ 0x56, 0x323, 0x1E7E },
	{ 0x57, 0x300, 0x1E80 },
	{ 0x57, 0x301, 0x1E82 },
	{ 0x57, 0x302, 0x174 },
	{ 0x57, 0x307, 0x1E86 },
	{ 0x57, 0x308, 0x1E84 },
	{ 0x57, 0x323, 0x1E88 },
	{ 0x58, 0x307, 0x1E8A },
	{ 0x58, 0x308, 0x1E8C },
	{ 0x59, 0x300, 0x1EF2 },
	{ 0x59, 0x301, 0xDD },
	{ 0x59, 0x302, 0x176 },
	{ 0x59, 0x303, 0x1EF8 },
	{ 0x59, 0x304, 0x232 },
	{ 0x59, 0x307, 0x1E8E },
	{ 0x59, 0x308, 0x178 },
	{ 0x59, 0x309, 0x1EF6 },
	{ 0x59, 0x323, 0x1EF4 },
	{ 0x5A, 0x301, 0x179 },
	{ 0x5A, 0x302, 0x1E90 },
	{ 0x5A, 0x307, 0x17B },
	{ 0x5A, 0x30C, 0x17D },
	{ 0x5A, 0x323, 0x1E92 },
	{ 0x5A, 0x331, 0x1E94 },
	{ 0x61, 0x300, 0xE0 },
	{ 0x61, 0x301, 0xE1 },
	{ 0x61, 0x302, 0xE2 },
	{ 0x61, 0x303, 0xE3 },
	{ 0x61, 0x304, 0x101 },
	{ 0x61, 0x306, 0x103 },
	{ 0x61, 0x307, 0x227 },
	{ 0x61, 0x308, 0xE4 },
	{ 0x61, 0x309, 0x1EA3 },
	{ 0x61, 0x30A, 0xE5 },
	{ 0x61, 0x30C, 0x1CE },
	{ 0x61, 0x30F, 0x201 },
	{ 0x61, 0x311, 0x203 },
	{ 0x61, 0x323, 0x1EA1 },
	{ 0x61, 0x325, 0x1E01 },
	{ 0x61, 0x328, 0x105 },
	{ 0x62, 0x307, 0x1E03 },
	{ 0x62, 0x323, 0x1E05 },
	{ 0x62, 0x331, 0x1E07 },
	{ 0x63, 0x301, 0x107 },
	{ 0x63, 0x302, 0x109 },
	{ 0x63, 0x307, 0x10B },
	{ 0x63, 0x30C, 0x10D },
	{ 0x63, 0x327, 0xE7 },
	{ 0x64, 0x307, 0x1E0B },
	{ 0x64, 0x30C, 0x10F },
	{ 0x64, 0x323, 0x1E0D },
	{ 0x64, 0x327, 0x1E11 },
	{ 0x64, 0x32D, 0x1E13 },
	{ 0x64, 0x331, 0x1E0F },
	{ 0x65, 0x300, 0xE8 },
	{ 0x65, 0x301, 0xE9 },
	{ 0x65, 0x302, 0xEA },
	{ 0x65, 0x303, 0x1EBD },
	{ 0x65, 0x304, 0x113 },
	{ 0x65, 0x306, 0x115 },
	{ 0x65, 0x307, 0x117 },
	{ 0x65, 0x308, 0xEB },
	{ 0x65, 0x309, 0x1EBB },
	{ 0x65, 0x30C, 0x11B },
	{ 0x65, 0x30F, 0x205 },
	{ 0x65, 0x311, 0x207 },
	{ 0x65, 0x323, 0x1EB9 },
	{ 0x65, 0x327, 0x229 },
	{ 0x65, 0x328, 0x119 },
	{ 0x65, 0x32D, 0x1E19 },
	{ 0x65, 0x330, 0x1E1B },
	{ 0x66, 0x307, 0x1E1F },
	{ 0x67, 0x301, 0x1F5 },
	{ 0x67, 0x302, 0x11D },
	{ 0x67, 0x304, 0x1E21 },
	{ 0x67, 0x306, 0x11F },
	{ 0x67, 0x307, 0x121 },
	{ 0x67, 0x30C, 0x1E7 },
	{ 0x67, 0x327, 0x123 },
	{ 0x68, 0x302, 0x125 },
	{ 0x68, 0x307, 0x1E23 },
	{ 0x68, 0x308, 0x1E27 },
	{ 0x68, 0x30C, 0x21F },
	{ 0x68, 0x323, 0x1E25 },
	{ 0x68, 0x327, 0x1E29 },
	{ 0x68, 0x32E, 0x1E2B },
	{ 0x68, 0x331, 0x1E96 },
	{ 0x69, 0x300, 0xEC },
	{ 0x69, 0x301, 0xED },
	{ 0x69, 0x302, 0xEE },
	{ 0x69, 0x303, 0x129 },
	{ 0x69, 0x304, 0x12B },
	{ 0x69, 0x306, 0x12D },
	{ 0x69, 0x308, 0xEF },
	{ 0x69, 0x309, 0x1EC9 },
	{ 0x69, 0x30C, 0x1D0 },
	{ 0x69, 0x30F, 0x209 },
	{ 0x69, 0x311, 0x20B },
	{ 0x69, 0x323, 0x1ECB },
	{ 0x69, 0x328, 0x12F },
	{ 0x69, 0x330, 0x1E2D },
	{ 0x6A, 0x302, 0x135 },
	{ 0x6A, 0x30C, 0x1F0 },
	{ 0x6B, 0x301, 0x1E31 },
	{ 0x6B, 0x30C, 0x1E9 },
	{ 0x6B, 0x323, 0x1E33 },
	{ 0x6B, 0x327, 0x137 },
	{ 0x6B, 0x331, 0x1E35 },
	{ 0x6C, 0x301, 0x13A },
	{ 0x6C, 0x30C, 0x13E },
	{ 0x6C, 0x323, 0x1E37 },
	{ 0x6C, 0x327, 0x13C },
	{ 0x6C, 0x32D, 0x1E3D },
	{ 0x6C, 0x331, 0x1E3B },
	{ 0x6D, 0x301, 0x1E3F },
	{ 0x6D, 0x307, 0x1E41 },
	{ 0x6D, 0x323, 0x1E43 },
	{ 0x6E, 0x300, 0x1F9 },
	{ 0x6E, 0x301, 0x144 },
	{ 0x6E, 0x303, 0xF1 },
	{ 0x6E, 0x307, 0x1E45 },
	{ 0x6E, 0x30C, 0x148 },
	{ 0x6E, 0x323, 0x1E47 },
	{ 0x6E, 0x327, 0x146 },
	{ 0x6E, 0x32D, 0x1E4B },
	{ 0x6E, 0x331, 0x1E49 },
	{ 0x6F, 0x300, 0xF2 },
	{ 0x6F, 0x301, 0xF3 },
	{ 0x6F, 0x302, 0xF4 },
	{ 0x6F, 0x303, 0xF5 },
	{ 0x6F, 0x304, 0x14D },
	{ 0x6F, 0x306, 0x14F },
	{ 0x6F, 0x307, 0x22F },
	{ 0x6F, 0x308, 0xF6 },
	{ 0x6F, 0x309, 0x1ECF },
	{ 0x6F, 0x30B, 0x151 },
	{ 0x6F, 0x30C, 0x1D2 },
	{ 0x6F, 0x30F, 0x20D },
	{ 0x6F, 0x311, 0x20F },
	{ 0x6F, 0x31B, 0x1A1 },
	{ 0x6F, 0x323, 0x1ECD },
	{ 0x6F, 0x328, 0x1EB },
	{ 0x70, 0x301, 0x1E55 },
	{ 0x70, 0x307, 0x1E57 },
	{ 0x72, 0x301, 0x155 },
	{ 0x72, 0x307, 0x1E59 },
	{ 0x72, 0x30C, 0x159 },
	{ 0x72, 0x30F, 0x211 },
	{ 0x72, 0x311, 0x213 },
	{ 0x72, 0x323, 0x1E5B },
	{ 0x72, 0x327, 0x157 },
	{ 0x72, 0x331, 0x1E5F },
	{ 0x73, 0x301, 0x15B },
	{ 0x73, 0x302, 0x15D },
	{ 0x73, 0x307, 0x1E61 },
	{ 0x73, 0x30C, 0x161 },
	{ 0x73, 0x323, 0x1E63 },
	{ 0x73, 0x326, 0x219 },
	{ 0x73, 0x327, 0x15F },
	{ 0x74, 0x307, 0x1E6B },
	{ 0x74, 0x308, 0x1E97 },
	{ 0x74, 0x30C, 0x165 },
	{ 0x74, 0x323, 0x1E6D },
	{ 0x74, 0x326, 0x21B },
	{ 0x74, 0x327, 0x163 },
	{ 0x74, 0x32D, 0x1E71 },
	{ 0x74, 0x331, 0x1E6F },
	{ 0x75, 0x300, 0xF9 },
	{ 0x75, 0x301, 0xFA },
	{ 0x75, 0x302, 0xFB },
	{ 0x75, 0x303, 0x169 },
	{ 0x75, 0x304, 0x16B },
	{ 0x75, 0x306, 0x16D },
	{ 0x75, 0x308, 0xFC },
	{ 0x75, 0x309, 0x1EE7 },
	{ 0x75, 0x30A, 0x16F },
	{ 0x75, 0x30B, 0x171 },
	{ 0x75, 0x30C, 0x1D4 },
	{ 0x75, 0x30F, 0x215 },
	{ 0x75, 0x311, 0x217 },
	{ 0x75, 0x31B, 0x1B0 },
	{ 0x75, 0x323, 0x1EE5 },
	{ 0x75, 0x324, 0x1E73 },
	{ 0x75, 0x328, 0x173 },
	{ 0x75, 0x32D, 0x1E77 },
	{ 0x75, 0x330, 0x1E75 },
	{ 0x76, 0x303, 0x1E7D },
	{ 0x76, 0x323, 0x1E7F },
	{ 0x77, 0x300, 0x1E81 },
	{ 0x77, 0x301, 0x1E83 },
	{ 0x77, 0x302, 0x175 },
	{ 0x77, 0x307, 0x1E87 },
	{ 0x77, 0x308, 0x1E85 },
	{ 0x77, 0x30A, 0x1E98 },
	{ 0x77, 0x323, 0x1E89 },
	{ 0x78, 0x307, 0x1E8B },
	{ 0x78, 0x308, 0x1E8D },
	{ 0x79, 0x300, 0x1EF3 },
	{ 0x79, 0x301, 0xFD },
	{ 0x79, 0x302, 0x177 },
	{ 0x79, 0x303, 0x1EF9 },
	{ 0x79, 0x304, 0x233 },
	{ 0x79, 0x307, 0x1E8F },
	{ 0x79, 0x308, 0xFF },
	{ 0x79, 0x309, 0x1EF7 },
	{ 0x79, 0x30A, 0x1E99 },
	{ 0x79, 0x323, 0x1EF5 },
	{ 0x7A, 0x301, 0x17A },
	{ 0x7A, 0x302, 0x1E91 },
	{ 0x7A, 0x307, 0x17C },
	{ 0x7A, 0x30C, 0x17E },
	{ 0x7A, 0x323, 0x1E93 },
	{ 0x7A, 0x331, 0x1E95 },
	{ 0xA8, 0x300, 0x1FED },
	{ 0xA8, 0x301, 0x385 },
	{ 0xA8, 0x342, 0x1FC1 },
	{ 0xC2, 0x300, 0x1EA6 },
	{ 0xC2, 0x301, 0x1EA4 },
	{ 0xC2, 0x303, 0x1EAA },
	{ 0xC2, 0x309, 0x1EA8 },
	{ 0xC4, 0x304, 0x1DE },
	{ 0xC5, 0x301, 0x1FA },
	{ 0xC6, 0x301, 0x1FC },
	{ 0xC6, 0x304, 0x1E2 },
	{ 0xC7, 0x301, 0x1E08 },
	{ 0xCA, 0x300, 0x1EC0 },
	{ 0xCA, 0x301, 0x1EBE },
	{ 0xCA, 0x303, 0x1EC4 },
	{ 0xCA, 0x309, 0x1EC2 },
	{ 0xCF, 0x301, 0x1E2E },
	{ 0xD4, 0x300, 0x1ED2 },
	{ 0xD4, 0x301, 0x1ED0 },
	{ 0xD4, 0x303, 0x1ED6 },
	{ 0xD4, 0x309, 0x1ED4 },
	{ 0xD5, 0x301, 0x1E4C },
	{ 0xD5, 0x304, 0x22C },
	{ 0xD5, 0x308, 0x1E4E },
	{ 0xD6, 0x304, 0x22A },
	{ 0xD8, 0x301, 0x1FE },
	{ 0xDC, 0x300, 0x1DB },
	{ 0xDC, 0x301, 0x1D7 },
	{ 0xDC, 0x304, 0x1D5 },
	{ 0xDC, 0x30C, 0x1D9 },
	{ 0xE2, 0x300, 0x1EA7 },
	{ 0xE2, 0x301, 0x1EA5 },
	{ 0xE2, 0x303, 0x1EAB },
	{ 0xE2, 0x309, 0x1EA9 },
	{ 0xE4, 0x304, 0x1DF },
	{ 0xE5, 0x301, 0x1FB },
	{ 0xE6, 0x301, 0x1FD },
	{ 0xE6, 0x304, 0x1E3 },
	{ 0xE7, 0x301, 0x1E09 },
	{ 0xEA, 0x300, 0x1EC1 },
	{ 0xEA, 0x301, 0x1EBF },
	{ 0xEA, 0x303, 0x1EC5 },
	{ 0xEA, 0x309, 0x1EC3 },
	{ 0xEF, 0x301, 0x1E2F },
	{ 0xF4, 0x300, 0x1ED3 },
	{ 0xF4, 0x301, 0x1ED1 },
	{ 0xF4, 0x303, 0x1ED7 },
	{ 0xF4, 0x309, 0x1ED5 },
	{ 0xF5, 0x301, 0x1E4D },
	{ 0xF5, 0x304, 0x22D },
	{ 0xF5, 0x308, 0x1E4F },
	{ 0xF6, 0x304, 0x22B },
	{ 0xF8, 0x301, 0x1FF },
	{ 0xFC, 0x300, 0x1DC },
	{ 0xFC, 0x301, 0x1D8 },
	{ 0xFC, 0x304, 0x1D6 },
	{ 0xFC, 0x30C, 0x1DA },
	{ 0x102, 0x300, 0x1EB0 },
	{ 0x102, 0x301, 0x1EAE },
	{ 0x102, 0x303, 0x1EB4 },
	{ 0x102, 0x309, 0x1EB2 },
	{ 0x103, 0x300, 0x1EB1 },
	{ 0x103, 0x301, 0x1EAF },
	{ 0x103, 0x303, 0x1EB5 },
	{ 0x103, 0x309, 0x1EB3 },
	{ 0x112, 0x300, 0x1E14 },
	{ 0x112, 0x301, 0x1E16 },
	{ 0x113, 0x300, 0x1E15 },
	{ 0x113, 0x301, 0x1E17 },
	{ 0x14C, 0x300, 0x1E50 },
	{ 0x14C, 0x301, 0x1E52 },
	{ 0x14D, 0x300, 0x1E51 },
	{ 0x14D, 0x301, 0x1E53 },
	{ 0x15A, 0x307, 0x1E64 },
	{ 0x15B, 0x307, 0x1E65 },
	{ 0x160, 0x307, 0x1E66 },
	{ 0x161, 0x307, 0x1E67 },
	{ 0x168, 0x301, 0x1E78 },
	{ 0x169, 0x301, 0x1E79 },
	{ 0x16A, 0x308, 0x1E7A },
	{ 0x16B, 0x308, 0x1E7B },
	{ 0x17F, 0x307, 0x1E9B },
	{ 0x1A0, 0x300, 0x1EDC },
	{ 0x1A0, 0x301, 0x1EDA },
	{ 0x1A0, 0x303, 0x1EE0 },
	{ 0x1A0, 0x309, 0x1EDE },
	{ 0x1A0, 0x323, 0x1EE2 },
	{ 0x1A1, 0x300, 0x1EDD },
	{ 0x1A1, 0x301, 0x1EDB },
	{ 0x1A1, 0x303, 0x1EE1 },
	{ 0x1A1, 0x309, 0x1EDF },
	{ 0x1A1, 0x323, 0x1EE3 },
	{ 0x1AF, 0x300, 0x1EEA },
	{ 0x1AF, 0x301, 0x1EE8 },
	{ 0x1AF, 0x303, 0x1EEE },
	{ 0x1AF, 0x309, 0x1EEC },
	{ 0x1AF, 0x323, 0x1EF0 },
	{ 0x1B0, 0x300, 0x1EEB },
	{ 0x1B0, 0x301, 0x1EE9 },
	{ 0x1B0, 0x303, 0x1EEF },
	{ 0x1B0, 0x309, 0x1EED },
	{ 0x1B0, 0x323, 0x1EF1 },
	{ 0x1B7, 0x30C, 0x1EE },
	{ 0x1EA, 0x304, 0x1EC },
	{ 0x1EB, 0x304, 0x1ED },
	{ 0x226, 0x304, 0x1E0 },
	{ 0x227, 0x304, 0x1E1 },
	{ 0x228, 0x306, 0x1E1C },
	{ 0x229, 0x306, 0x1E1D },
	{ 0x22E, 0x304, 0x230 },
	{ 0x22F, 0x304, 0x231 },
	{ 0x292, 0x30C, 0x1EF },
	{ 0x391, 0x300, 0x1FBA },
	{ 0x391, 0x301, 0x386 },
	{ 0x391, 0x304, 0x1FB9 },
	{ 0x391, 0x306, 0x1FB8 },
	{ 0x391, 0x313, 0x1F08 },
	{ 0x391, 0x314, 0x1F09 },
	{ 0x391, 0x345, 0x1FBC },
	{ 0x395, 0x300, 0x1FC8 },
	{ 0x395, 0x301, 0x388 },
	{ 0x395, 0x313, 0x1F18 },
	{ 0x395, 0x314, 0x1F19 },
	{ 0x397, 0x300, 0x1FCA },
	{ 0x397, 0x301, 0x389 },
	{ 0x397, 0x313, 0x1F28 },
	{ 0x397, 0x314, 0x1F29 },
	{ 0x397, 0x345, 0x1FCC },
	{ 0x399, 0x300, 0x1FDA },
	{ 0x399, 0x301, 0x38A },
	{ 0x399, 0x304, 0x1FD9 },
	{ 0x399, 0x306, 0x1FD8 },
	{ 0x399, 0x308, 0x3AA },
	{ 0x399, 0x313, 0x1F38 },
	{ 0x399, 0x314, 0x1F39 },
	{ 0x39F, 0x300, 0x1FF8 },
	{ 0x39F, 0x301, 0x38C },
	{ 0x39F, 0x313, 0x1F48 },
	{ 0x39F, 0x314, 0x1F49 },
	{ 0x3A1, 0x314, 0x1FEC },
	{ 0x3A5, 0x300, 0x1FEA },
	{ 0x3A5, 0x301, 0x38E },
	{ 0x3A5, 0x304, 0x1FE9 },
	{ 0x3A5, 0x306, 0x1FE8 },
	{ 0x3A5, 0x308, 0x3AB },
	{ 0x3A5, 0x314, 0x1F59 },
	{ 0x3A9, 0x300, 0x1FFA },
	{ 0x3A9, 0x301, 0x38F },
	{ 0x3A9, 0x313, 0x1F68 },
	{ 0x3A9, 0x314, 0x1F69 },
	{ 0x3A9, 0x345, 0x1FFC },
	{ 0x3AC, 0x345, 0x1FB4 },
	{ 0x3AE, 0x345, 0x1FC4 },
	{ 0x3B1, 0x300, 0x1F70 },
	{ 0x3B1, 0x301, 0x3AC },
	{ 0x3B1, 0x304, 0x1FB1 },
	{ 0x3B1, 0x306, 0x1FB0 },
	{ 0x3B1, 0x313, 0x1F00 },
	{ 0x3B1, 0x314, 0x1F01 },
	{ 0x3B1, 0x342, 0x1FB6 },
	{ 0x3B1, 0x345, 0x1FB3 },
	{ 0x3B5, 0x300, 0x1F72 },
	{ 0x3B5, 0x301, 0x3AD },
	{ 0x3B5, 0x313, 0x1F10 },
	{ 0x3B5, 0x314, 0x1F11 },
	{ 0x3B7, 0x300, 0x1F74 },
	{ 0x3B7, 0x301, 0x3AE },
	{ 0x3B7, 0x313, 0x1F20 },
	{ 0x3B7, 0x314, 0x1F21 },
	{ 0x3B7, 0x342, 0x1FC6 },
	{ 0x3B7, 0x345, 0x1FC3 },
	{ 0x3B9, 0x300, 0x1F76 },
	{ 0x3B9, 0x301, 0x3AF },
	{ 0x3B9, 0x304, 0x1FD1 },
	{ 0x3B9, 0x306, 0x1FD0 },
	{ 0x3B9, 0x308, 0x3CA },
	{ 0x3B9, 0x313, 0x1F30 },
	{ 0x3B9, 0x314, 0x1F31 },
	{ 0x3B9, 0x342, 0x1FD6 },
	{ 0x3BF, 0x300, 0x1F78 },
	{ 0x3BF, 0x301, 0x3CC },
	{ 0x3BF, 0x313, 0x1F40 },
	{ 0x3BF, 0x314, 0x1F41 },
	{ 0x3C1, 0x313, 0x1FE4 },
	{ 0x3C1, 0x314, 0x1FE5 },
	{ 0x3C5, 0x300, 0x1F7A },
	{ 0x3C5, 0x301, 0x3CD },
	{ 0x3C5, 0x304, 0x1FE1 },
	{ 0x3C5, 0x306, 0x1FE0 },
	{ 0x3C5, 0x308, 0x3CB },
	{ 0x3C5, 0x313, 0x1F50 },
	{ 0x3C5, 0x314, 0x1F51 },
	{ 0x3C5, 0x342, 0x1FE6 },
	{ 0x3C9, 0x300, 0x1F7C },
	{ 0x3C9, 0x301, 0x3CE },
	{ 0x3C9, 0x313, 0x1F60 },
	{ 0x3C9, 0x314, 0x1F61 },
	{ 0x3C9, 0x342, 0x1FF6 },
	{ 0x3C9, 0x345, 0x1FF3 },
	{ 0x3CA, 0x300, 0x1FD2 },
	{ 0x3CA, 0x301, 0x390 },
	{ 0x3CA, 0x342, 0x1FD7 },
	{ 0x3CB, 0x300, 0x1FE2 },
	{ 0x3CB, 0x301, 0x3B0 },
	{ 0x3CB, 0x342, 0x1FE7 },
	{ 0x3CE, 0x345, 0x1FF4 },
	{ 0x3D2, 0x301, 0x3D3 },
	{ 0x3D2, 0x308, 0x3D4 },
	{ 0x406, 0x308, 0x407 },
	{ 0x410, 0x306, 0x4D0 },
	{ 0x410, 0x308, 0x4D2 },
	{ 0x413, 0x301, 0x403 },
	{ 0x415, 0x300, 0x400 },
	{ 0x415, 0x306, 0x4D6 },
	{ 0x415, 0x308, 0x401 },
	{ 0x416, 0x306, 0x4C1 },
	{ 0x416, 0x308, 0x4DC },
	{ 0x417, 0x308, 0x4DE },
	{ 0x418, 0x300, 0x40D },
	{ 0x418, 0x304, 0x4E2 },
	{ 0x418, 0x306, 0x419 },
	{ 0x418, 0x308, 0x4E4 },
	{ 0x41A, 0x301, 0x40C },
	{ 0x41E, 0x308, 0x4E6 },
	{ 0x423, 0x304, 0x4EE },
	{ 0x423, 0x306, 0x40E },
	{ 0x423, 0x308, 0x4F0 },
	{ 0x423, 0x30B, 0x4F2 },
	{ 0x427, 0x308, 0x4F4 },
	{ 0x42B, 0x308, 0x4F8 },
	{ 0x42D, 0x308, 0x4EC },
	{ 0x430, 0x306, 0x4D1 },
	{ 0x430, 0x308, 0x4D3 },
	{ 0x433, 0x301, 0x453 },
	{ 0x435, 0x300, 0x450 },
	{ 0x435, 0x306, 0x4D7 },
	{ 0x435, 0x308, 0x451 },
	{ 0x436, 0x306, 0x4C2 },
	{ 0x436, 0x308, 0x4DD },
	{ 0x437, 0x308, 0x4DF },
	{ 0x438, 0x300, 0x45D },
	{ 0x438, 0x304, 0x4E3 },
	{ 0x438, 0x306, 0x439 },
	{ 0x438, 0x308, 0x4E5 },
	{ 0x43A, 0x301, 0x45C },
	{ 0x43E, 0x308, 0x4E7 },
	{ 0x443, 0x304, 0x4EF },
	{ 0x443, 0x306, 0x45E },
	{ 0x443, 0x308, 0x4F1 },
	{ 0x443, 0x30B, 0x4F3 },
	{ 0x447, 0x308, 0x4F5 },
	{ 0x44B, 0x308, 0x4F9 },
	{ 0x44D, 0x308, 0x4ED },
	{ 0x456, 0x308, 0x457 },
	{ 0x474, 0x30F, 0x476 },
	{ 0x475, 0x30F, 0x477 },
	{ 0x4D8, 0x308, 0x4DA },
	{ 0x4D9, 0x308, 0x4DB },
	{ 0x4E8, 0x308, 0x4EA },
	{ 0x4E9, 0x308, 0x4EB },
	{ 0x627, 0x653, 0x622 },
	{ 0x627, 0x654, 0x623 },
	{ 0x627, 0x655, 0x625 },
	{ 0x648, 0x654, 0x624 },
	{ 0x64A, 0x654, 0x626 },
	{ 0x6C1, 0x654, 0x6C2 },
	{ 0x6D2, 0x654, 0x6D3 },
	{ 0x6D5, 0x654, 0x6C0 },
	{ 0x928, 0x93C, 0x929 },
	{ 0x930, 0x93C, 0x931 },
	{ 0x933, 0x93C, 0x934 },
	{ 0x9C7, 0x9BE, 0x9CB },
	{ 0x9C7, 0x9D7, 0x9CC },
	{ 0xB47, 0xB3E, 0xB4B },
	{ 0xB47, 0xB56, 0xB48 },
	{ 0xB47, 0xB57, 0xB4C },
	{ 0xB92, 0xBD7, 0xB94 },
	{ 0xBC6, 0xBBE, 0xBCA },
	{ 0xBC6, 0xBD7, 0xBCC },
	{ 0xBC7, 0xBBE, 0xBCB },
	{ 0xC46, 0xC56, 0xC48 },
	{ 0xCBF, 0xCD5, 0xCC0 },
	{ 0xCC6, 0xCC2, 0xCCA },
	{ 0xCC6, 0xCD5, 0xCC7 },
	{ 0xCC6, 0xCD6, 0xCC8 },
	{ 0xCCA, 0xCD5, 0xCCB },
	{ 0xD46, 0xD3E, 0xD4A },
	{ 0xD46, 0xD57, 0xD4C },
	{ 0xD47, 0xD3E, 0xD4B },
	{ 0xDD9, 0xDCA, 0xDDA },
	{ 0xDD9, 0xDCF, 0xDDC },
	{ 0xDD9, 0xDDF, 0xDDE },
	{ 0xDDC, 0xDCA, 0xDDD },
	{ 0x1025, 0x102E, 0x1026 },
	{ 0x1B05, 0x1B35, 0x1B06 },
	{ 0x1B07, 0x1B35, 0x1B08 },
	{ 0x1B09, 0x1B35, 0x1B0A },
	{ 0x1B0B, 0x1B35, 0x1B0C },
	{ 0x1B0D, 0x1B35, 0x1B0E },
	{ 0x1B11, 0x1B35, 0x1B12 },
	{ 0x1B3A, 0x1B35, 0x1B3B },
	{ 0x1B3C, 0x1B35, 0x1B3D },
	{ 0x1B3E, 0x1B35, 0x1B40 },
	{ 0x1B3F, 0x1B35, 0x1B41 },
	{ 0x1B42, 0x1B35, 0x1B43 },
	{ 0x1E36, 0x304, 0x1E38 },
	{ 0x1E37, 0x304, 0x1E39 },
	{ 0x1E5A, 0x304, 0x1E5C },
	{ 0x1E5B, 0x304, 0x1E5D },
	{ 0x1E62, 0x307, 0x1E68 },
	{ 0x1E63, 0x307, 0x1E69 },
	{ 0x1EA0, 0x302, 0x1EAC },
	{ 0x1EA0, 0x306, 0x1EB6 },
	{ 0x1EA1, 0x302, 0x1EAD },
	{ 0x1EA1, 0x306, 0x1EB7 },
	{ 0x1EB8, 0x302, 0x1EC6 },
	{ 0x1EB9, 0x302, 0x1EC7 },
	{ 0x1ECC, 0x302, 0x1ED8 },
	{ 0x1ECD, 0x302, 0x1ED9 },
	{ 0x1F00, 0x300, 0x1F02 },
	{ 0x1F00, 0x301, 0x1F04 },
	{ 0x1F00, 0x342, 0x1F06 },
	{ 0x1F00, 0x345, 0x1F80 },
	{ 0x1F01, 0x300, 0x1F03 },
	{ 0x1F01, 0x301, 0x1F05 },
	{ 0x1F01, 0x342, 0x1F07 },
	{ 0x1F01, 0x345, 0x1F81 },
	{ 0x1F02, 0x345, 0x1F82 },
	{ 0x1F03, 0x345, 0x1F83 },
	{ 0x1F04, 0x345, 0x1F84 },
	{ 0x1F05, 0x345, 0x1F85 },
	{ 0x1F06, 0x345, 0x1F86 },
	{ 0x1F07, 0x345, 0x1F87 },
	{ 0x1F08, 0x300, 0x1F0A },
	{ 0x1F08, 0x301, 0x1F0C },
	{ 0x1F08, 0x342, 0x1F0E },
	{ 0x1F08, 0x345, 0x1F88 },
	{ 0x1F09, 0x300, 0x1F0B },
	{ 0x1F09, 0x301, 0x1F0D },
	{ 0x1F09, 0x342, 0x1F0F },
	{ 0x1F09, 0x345, 0x1F89 },
	{ 0x1F0A, 0x345, 0x1F8A },
	{ 0x1F0B, 0x345, 0x1F8B },
	{ 0x1F0C, 0x345, 0x1F8C },
	{ 0x1F0D, 0x345, 0x1F8D },
	{ 0x1F0E, 0x345, 0x1F8E },
	{ 0x1F0F, 0x345, 0x1F8F },
	{ 0x1F10, 0x300, 0x1F12 },
	{ 0x1F10, 0x301, 0x1F14 },
	{ 0x1F11, 0x300, 0x1F13 },
	{ 0x1F11, 0x301, 0x1F15 },
	{ 0x1F18, 0x300, 0x1F1A },
	{ 0x1F18, 0x301, 0x1F1C },
	{ 0x1F19, 0x300, 0x1F1B },
	{ 0x1F19, 0x301, 0x1F1D },
	{ 0x1F20, 0x300, 0x1F22 },
	{ 0x1F20, 0x301, 0x1F24 },
	{ 0x1F20, 0x342, 0x1F26 },
	{ 0x1F20, 0x345, 0x1F90 },
	{ 0x1F21, 0x300, 0x1F23 },
	{ 0x1F21, 0x301, 0x1F25 },
	{ 0x1F21, 0x342, 0x1F27 },
	{ 0x1F21, 0x345, 0x1F91 },
	{ 0x1F22, 0x345, 0x1F92 },
	{ 0x1F23, 0x345, 0x1F93 },
	{ 0x1F24, 0x345, 0x1F94 },
	{ 0x1F25, 0x345, 0x1F95 },
	{ 0x1F26, 0x345, 0x1F96 },
	{ 0x1F27, 0x345, 0x1F97 },
	{ 0x1F28, 0x300, 0x1F2A },
	{ 0x1F28, 0x301, 0x1F2C },
	{ 0x1F28, 0x342, 0x1F2E },
	{ 0x1F28, 0x345, 0x1F98 },
	{ 0x1F29, 0x300, 0x1F2B },
	{ 0x1F29, 0x301, 0x1F2D },
	{ 0x1F29, 0x342, 0x1F2F },
	{ 0x1F29, 0x345, 0x1F99 },
	{ 0x1F2A, 0x345, 0x1F9A },
	{ 0x1F2B, 0x345, 0x1F9B },
	{ 0x1F2C, 0x345, 0x1F9C },
	{ 0x1F2D, 0x345, 0x1F9D },
	{ 0x1F2E, 0x345, 0x1F9E },
	{ 0x1F2F, 0x345, 0x1F9F },
	{ 0x1F30, 0x300, 0x1F32 },
	{ 0x1F30, 0x301, 0x1F34 },
	{ 0x1F30, 0x342, 0x1F36 },
	{ 0x1F31, 0x300, 0x1F33 },
	{ 0x1F31, 0x301, 0x1F35 },
	{ 0x1F31, 0x342, 0x1F37 },
	{ 0x1F38, 0x300, 0x1F3A },
	{ 0x1F38, 0x301, 0x1F3C },
	{ 0x1F38, 0x342, 0x1F3E },
	{ 0x1F39, 0x300, 0x1F3B },
	{ 0x1F39, 0x301, 0x1F3D },
	{ 0x1F39, 0x342, 0x1F3F },
	{ 0x1F40, 0x300, 0x1F42 },
	{ 0x1F40, 0x301, 0x1F44 },
	{ 0x1F41, 0x300, 0x1F43 },
	{ 0x1F41, 0x301, 0x1F45 },
	{ 0x1F48, 0x300, 0x1F4A },
	{ 0x1F48, 0x301, 0x1F4C },
	{ 0x1F49, 0x300, 0x1F4B },
	{ 0x1F49, 0x301, 0x1F4D },
	{ 0x1F50, 0x300, 0x1F52 },
	{ 0x1F50, 0x301, 0x1F54 },
	{ 0x1F50, 0x342, 0x1F56 },
	{ 0x1F51, 0x300, 0x1F53 },
	{ 0x1F51, 0x301, 0x1F55 },
	{ 0x1F51, 0x342, 0x1F57 },
	{ 0x1F59, 0x300, 0x1F5B },
	{ 0x1F59, 0x301, 0x1F5D },
	{ 0x1F59, 0x342, 0x1F5F },
	{ 0x1F60, 0x300, 0x1F62 },
	{ 0x1F60, 0x301, 0x1F64 },
	{ 0x1F60, 0x342, 0x1F66 },
	{ 0x1F60, 0x345, 0x1FA0 },
	{ 0x1F61, 0x300, 0x1F63 },
	{ 0x1F61, 0x301, 0x1F65 },
	{ 0x1F61, 0x342, 0x1F67 },
	{ 0x1F61, 0x345, 0x1FA1 },
	{ 0x1F62, 0x345, 0x1FA2 },
	{ 0x1F63, 0x345, 0x1FA3 },
	{ 0x1F64, 0x345, 0x1FA4 },
	{ 0x1F65, 0x345, 0x1FA5 },
	{ 0x1F66, 0x345, 0x1FA6 },
	{ 0x1F67, 0x345, 0x1FA7 },
	{ 0x1F68, 0x300, 0x1F6A },
	{ 0x1F68, 0x301, 0x1F6C },
	{ 0x1F68, 0x342, 0x1F6E },
	{ 0x1F68, 0x345, 0x1FA8 },
	{ 0x1F69, 0x300, 0x1F6B },
	{ 0x1F69, 0x301, 0x1F6D },
	{ 0x1F69, 0x342, 0x1F6F },
	{ 0x1F69, 0x345, 0x1FA9 },
	{ 0x1F6A, 0x345, 0x1FAA },
	{ 0x1F6B, 0x345, 0x1FAB },
	{ 0x1F6C, 0x345, 0x1FAC },
	{ 0x1F6D, 0x345, 0x1FAD },
	{ 0x1F6E, 0x345, 0x1FAE },
	{ 0x1F6F, 0x345, 0x1FAF },
	{ 0x1F70, 0x345, 0x1FB2 },
	{ 0x1F74, 0x345, 0x1FC2 },
	{ 0x1F7C, 0x345, 0x1FF2 },
	{ 0x1FB6, 0x345, 0x1FB7 },
	{ 0x1FBF, 0x300, 0x1FCD },
	{ 0x1FBF, 0x301, 0x1FCE },
	{ 0x1FBF, 0x342, 0x1FCF },
	{ 0x1FC6, 0x345, 0x1FC7 },
	{ 0x1FF6, 0x345, 0x1FF7 },
	{ 0x1FFE, 0x300, 0x1FDD },
	{ 0x1FFE, 0x301, 0x1FDE },
	{ 0x1FFE, 0x342, 0x1FDF },
	{ 0x2190, 0x338, 0x219A },
	{ 0x2192, 0x338, 0x219B },
	{ 0x2194, 0x338, 0x21AE },
	{ 0x21D0, 0x338, 0x21CD },
	{ 0x21D2, 0x338, 0x21CF },
	{ 0x21D4, 0x338, 0x21CE },
	{ 0x2203, 0x338, 0x2204 },
	{ 0x2208, 0x338, 0x2209 },
	{ 0x220B, 0x338, 0x220C },
	{ 0x2223, 0x338, 0x2224 },
	{ 0x2225, 0x338, 0x2226 },
	{ 0x223C, 0x338, 0x2241 },
	{ 0x2243, 0x338, 0x2244 },
	{ 0x2245, 0x338, 0x2247 },
	{ 0x2248, 0x338, 0x2249 },
	{ 0x224D, 0x338, 0x226D },
	{ 0x2261, 0x338, 0x2262 },
	{ 0x2264, 0x338, 0x2270 },
	{ 0x2265, 0x338, 0x2271 },
	{ 0x2272, 0x338, 0x2274 },
	{ 0x2273, 0x338, 0x2275 },
	{ 0x2276, 0x338, 0x2278 },
	{ 0x2277, 0x338, 0x2279 },
	{ 0x227A, 0x338, 0x2280 },
	{ 0x227B, 0x338, 0x2281 },
	{ 0x227C, 0x338, 0x22E0 },
	{ 0x227D, 0x338, 0x22E1 },
	{ 0x2282, 0x338, 0x2284 },
	{ 0x2283, 0x338, 0x2285 },
	{ 0x2286, 0x338, 0x2288 },
	{ 0x2287, 0x338, 0x2289 },
	{ 0x2291, 0x338, 0x22E2 },
	{ 0x2292, 0x338, 0x22E3 },
	{ 0x22A2, 0x338, 0x22AC },
	{ 0x22A8, 0x338, 0x22AD },
	{ 0x22A9, 0x338, 0x22AE },
	{ 0x22AB, 0x338, 0x22AF },
	{ 0x22B2, 0x338, 0x22EA },
	{ 0x22B3, 0x338, 0x22EB },
	{ 0x22B4, 0x338, 0x22EC },
	{ 0x22B5, 0x338, 0x22ED },
	{ 0x3046, 0x3099, 0x3094 },
	{ 0x304B, 0x3099, 0x304C },
	{ 0x304D, 0x3099, 0x304E },
	{ 0x304F, 0x3099, 0x3050 },
	{ 0x3051, 0x3099, 0x3052 },
	{ 0x3053, 0x3099, 0x3054 },
	{ 0x3055, 0x3099, 0x3056 },
	{ 0x3057, 0x3099, 0x3058 },
	{ 0x3059, 0x3099, 0x305A },
	{ 0x305B, 0x3099, 0x305C },
	{ 0x305D, 0x3099, 0x305E },
	{ 0x305F, 0x3099, 0x3060 },
	{ 0x3061, 0x3099, 0x3062 },
	{ 0x3064, 0x3099, 0x3065 },
	{ 0x3066, 0x3099, 0x3067 },
	{ 0x3068, 0x3099, 0x3069 },
	{ 0x306F, 0x3099, 0x3070 },
	{ 0x306F, 0x309A, 0x3071 },
	{ 0x3072, 0x3099, 0x3073 },
	{ 0x3072, 0x309A, 0x3074 },
	{ 0x3075, 0x3099, 0x3076 },
	{ 0x3075, 0x309A, 0x3077 },
	{ 0x3078, 0x3099, 0x3079 },
	{ 0x3078, 0x309A, 0x307A },
	{ 0x307B, 0x3099, 0x307C },
	{ 0x307B, 0x309A, 0x307D },
	{ 0x309D, 0x3099, 0x309E },
	{ 0x30A6, 0x3099, 0x30F4 },
	{ 0x30AB, 0x3099, 0x30AC },
	{ 0x30AD, 0x3099, 0x30AE },
	{ 0x30AF, 0x3099, 0x30B0 },
	{ 0x30B1, 0x3099, 0x30B2 },
	{ 0x30B3, 0x3099, 0x30B4 },
	{ 0x30B5, 0x3099, 0x30B6 },
	{ 0x30B7, 0x3099, 0x30B8 },
	{ 0x30B9, 0x3099, 0x30BA },
	{ 0x30BB, 0x3099, 0x30BC },
	{ 0x30BD, 0x3099, 0x30BE },
	{ 0x30BF, 0x3099, 0x30C0 },
	{ 0x30C1, 0x3099, 0x30C2 },
	{ 0x30C4, 0x3099, 0x30C5 },
	{ 0x30C6, 0x3099, 0x30C7 },
	{ 0x30C8, 0x3099, 0x30C9 },
	{ 0x30CF, 0x3099, 0x30D0 },
	{ 0x30CF, 0x309A, 0x30D1 },
	{ 0x30D2, 0x3099, 0x30D3 },
	{ 0x30D2, 0x309A, 0x30D4 },
	{ 0x30D5, 0x3099, 0x30D6 },
	{ 0x30D5, 0x309A, 0x30D7 },
	{ 0x30D8, 0x3099, 0x30D9 },
	{ 0x30D8, 0x309A, 0x30DA },
	{ 0x30DB, 0x3099, 0x30DC },
	{ 0x30DB, 0x309A, 0x30DD },
	{ 0x30EF, 0x3099, 0x30F7 },
	{ 0x30F0, 0x3099, 0x30F8 },
	{ 0x30F1, 0x3099, 0x30F9 },
	{ 0x30F2, 0x3099, 0x30FA },
	{ 0x30FD, 0x3099, 0x30FE },
	{ 0x11099, 0x110BA, 0x1109A },
	{ 0x1109B, 0x110BA, 0x1109C },
	{ 0x110A5, 0x110BA, 0x110AB },
	{ 0x11131, 0x11127, 0x1112E },
	{ 0x11132, 0x11127, 0x1112F },
	{ 0x11347, 0x1133E, 0x1134B },
	{ 0x11347, 0x11357, 0x1134C },
	{ 0x114B9, 0x114B0, 0x114BC },
	{ 0x114B9, 0x114BA, 0x114BB },
	{ 0x114B9, 0x114BD, 0x114BE },
	{ 0x115B8, 0x115AF, 0x115BA },
	{ 0x115B9, 0x115AF, 0x115BB },
	{ 0x11935, 0x11930, 0x11938 },
};

static int nfc_cmp(const void *k, const void *e)
{
	const struct nfc_pair *x = k, *y = e;
	if (x->a != y->a)
		return x->a < y->a ? -1 : 1;
	if (x->b != y->b)
		return x->b < y->b ? -1 : 1;
	return 0;
}

static size_t u8dec(const unsigned char *s, size_t n, unsigned *cp)
{
	unsigned c = s[0];
	size_t len;
	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	if ((c & 0xE0) == 0xC0)
		len = 2, c &= 0x1F;
	else if ((c & 0xF0) == 0xE0)
		len = 3, c &= 0x0F;
	else if ((c & 0xF8) == 0xF0)
		len = 4, c &= 0x07;
	else
		return 0;
	if (n < len)
		return 0;
	for (size_t k = 1; k < len; k++) {
		if ((s[k] & 0xC0) != 0x80)
			return 0;
		c = (c << 6) | (s[k] & 0x3F);
	}
	*cp = c;
	return len;
}


/* Composes adjacent (base, mark) pairs; returns s unchanged when nothing
 * composes (the common case, checked without allocating). */
static struct str nfc(struct arena *a, const char *s, size_t len)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0;
	bool maybe = false;
	for (i = 0; i < len; i++) {
		if (u[i] >= 0xCC) {
			maybe = true;
			break;
		}
	}
	if (!maybe)
		return (struct str){ s, len };
	struct strbuf sb = STRBUF_INIT;
	unsigned prev = 0;
	size_t prev_at = 0;
	bool have_prev = false, changed = false;
	i = 0;
	while (i < len) {
		unsigned cp;
		size_t l = u8dec(u + i, len - i, &cp);
		if (l == 0) {
			strbuf_addch(&sb, s[i]);
			i++;
			have_prev = false;
			continue;
		}
		if (have_prev) {
			struct nfc_pair key = { prev, cp, 0 };
			const struct nfc_pair *hit = bsearch(&key, nfc_pairs, ARRAY_LEN(nfc_pairs),
							     sizeof(nfc_pairs[0]), nfc_cmp);
			if (hit) {
				strbuf_setlen(&sb, prev_at);
				util_utf8_put(&sb, hit->c);
				prev = hit->c;
				changed = true;
				i += l;
				continue;
			}
		}
		prev_at = sb.len;
		util_utf8_put(&sb, cp);
		prev = cp;
		have_prev = true;
		i += l;
	}
	struct str r = { s, len };
	if (changed) {
		r.p = strbuf_arena(&sb, a);
		r.len = sb.len;
	}
	strbuf_release(&sb);
	return r;
}

/* ---- types ---- */

static const struct hcl_type *type_coll(struct arena *a, enum hcl_type_kind k,
					const struct hcl_type *elem)
{
	struct hcl_type *t = arena_alloc(a, sizeof(*t));
	t->kind = k;
	t->elem = elem;
	return t;
}

const struct hcl_type *hcl_type_list(struct arena *a, const struct hcl_type *elem)
{
	return type_coll(a, HCL_T_LIST, elem);
}

const struct hcl_type *hcl_type_set(struct arena *a, const struct hcl_type *elem)
{
	return type_coll(a, HCL_T_SET, elem);
}

const struct hcl_type *hcl_type_map(struct arena *a, const struct hcl_type *elem)
{
	return type_coll(a, HCL_T_MAP, elem);
}

static int cmp_cstr(const void *x, const void *y)
{
	return strcmp(*(const char *const *)x, *(const char *const *)y);
}

const struct hcl_type *hcl_type_object(struct arena *a, size_t n, const char *const *names,
				       const struct hcl_type *const *types)
{
	struct hcl_type *t = arena_alloc(a, sizeof(*t));
	t->kind = HCL_T_OBJECT;
	t->n = n;
	t->names = arena_alloc(a, (n ? n : 1) * sizeof(*t->names));
	t->elems = arena_alloc(a, (n ? n : 1) * sizeof(*t->elems));
	/* sort indexes by name */
	size_t *idx = arena_alloc(a, (n ? n : 1) * sizeof(*idx));
	for (size_t i = 0; i < n; i++)
		idx[i] = i;
	for (size_t i = 1; i < n; i++) {
		size_t v = idx[i], j = i;
		while (j > 0 && strcmp(names[idx[j - 1]], names[v]) > 0) {
			idx[j] = idx[j - 1];
			j--;
		}
		idx[j] = v;
	}
	for (size_t i = 0; i < n; i++) {
		t->names[i] = names[idx[i]];
		t->elems[i] = types[idx[i]];
	}
	(void)cmp_cstr;
	return t;
}

const struct hcl_type *hcl_type_tuple(struct arena *a, size_t n,
				      const struct hcl_type *const *types)
{
	struct hcl_type *t = arena_alloc(a, sizeof(*t));
	t->kind = HCL_T_TUPLE;
	t->n = n;
	t->elems = arena_alloc(a, (n ? n : 1) * sizeof(*t->elems));
	for (size_t i = 0; i < n; i++)
		t->elems[i] = types[i];
	return t;
}

bool hcl_type_equal(const struct hcl_type *x, const struct hcl_type *y)
{
	if (x == y)
		return true;
	if (x->kind != y->kind)
		return false;
	switch (x->kind) {
	case HCL_T_LIST:
	case HCL_T_SET:
	case HCL_T_MAP:
		return hcl_type_equal(x->elem, y->elem);
	case HCL_T_TUPLE:
	case HCL_T_OBJECT:
		if (x->n != y->n)
			return false;
		for (size_t i = 0; i < x->n; i++) {
			if (x->kind == HCL_T_OBJECT && strcmp(x->names[i], y->names[i]) != 0)
				return false;
			if (!hcl_type_equal(x->elems[i], y->elems[i]))
				return false;
		}
		return true;
	default:
		return true;
	}
}

static void friendly(struct strbuf *sb, const struct hcl_type *t, bool constraint)
{
	switch (t->kind) {
	case HCL_T_DYNAMIC:
		strbuf_addstr(sb, constraint ? "any type" : "dynamic");
		break;
	case HCL_T_STRING: strbuf_addstr(sb, "string"); break;
	case HCL_T_NUMBER: strbuf_addstr(sb, "number"); break;
	case HCL_T_BOOL: strbuf_addstr(sb, "bool"); break;
	case HCL_T_LIST:
	case HCL_T_SET:
	case HCL_T_MAP:
		strbuf_addstr(sb, t->kind == HCL_T_LIST ? "list of " : t->kind == HCL_T_SET ? "set of " : "map of ");
		if (constraint && t->elem->kind == HCL_T_DYNAMIC)
			strbuf_addstr(sb, "any single type");
		else
			friendly(sb, t->elem, constraint);
		break;
	case HCL_T_TUPLE: strbuf_addstr(sb, "tuple"); break;
	case HCL_T_OBJECT: strbuf_addstr(sb, "object"); break;
	case HCL_T_TYPE: strbuf_addstr(sb, "type"); break;
	case HCL_T_RAW: strbuf_addstr(sb, "sql"); break;
	}
}

static const char *friendly_str(struct arena *a, const struct hcl_type *t, bool constraint)
{
	struct strbuf sb = STRBUF_INIT;
	friendly(&sb, t, constraint);
	char *r = strbuf_arena(&sb, a);
	strbuf_release(&sb);
	return r;
}

const char *hcl_type_friendly(struct arena *a, const struct hcl_type *t)
{
	return friendly_str(a, t, false);
}

static void type_expr(struct strbuf *sb, const struct hcl_type *t)
{
	switch (t->kind) {
	case HCL_T_DYNAMIC: strbuf_addstr(sb, "any"); break;
	case HCL_T_STRING: strbuf_addstr(sb, "string"); break;
	case HCL_T_NUMBER: strbuf_addstr(sb, "number"); break;
	case HCL_T_BOOL: strbuf_addstr(sb, "bool"); break;
	case HCL_T_LIST:
	case HCL_T_SET:
	case HCL_T_MAP:
		strbuf_addstr(sb, t->kind == HCL_T_LIST ? "list(" : t->kind == HCL_T_SET ? "set(" : "map(");
		type_expr(sb, t->elem);
		strbuf_addch(sb, ')');
		break;
	case HCL_T_TUPLE:
		strbuf_addstr(sb, "tuple([");
		for (size_t i = 0; i < t->n; i++) {
			if (i)
				strbuf_addch(sb, ',');
			type_expr(sb, t->elems[i]);
		}
		strbuf_addstr(sb, "])");
		break;
	case HCL_T_OBJECT:
		strbuf_addstr(sb, "object({");
		for (size_t i = 0; i < t->n; i++) {
			if (i)
				strbuf_addch(sb, ',');
			strbuf_addf(sb, "%s=", t->names[i]);
			type_expr(sb, t->elems[i]);
		}
		strbuf_addstr(sb, "})");
		break;
	case HCL_T_TYPE: strbuf_addstr(sb, "type"); break;
	case HCL_T_RAW: strbuf_addstr(sb, "sql"); break;
	}
}

const char *hcl_type_expr_text(struct arena *a, const struct hcl_type *t)
{
	struct strbuf sb = STRBUF_INIT;
	type_expr(&sb, t);
	char *r = strbuf_arena(&sb, a);
	strbuf_release(&sb);
	return r;
}

/* ---- values ---- */

static struct hcl_value *val_new(struct arena *a, const struct hcl_type *t)
{
	struct hcl_value *v = arena_alloc(a, sizeof(*v));
	v->type = t;
	return v;
}

struct hcl_value *hcl_value_null(struct arena *a, const struct hcl_type *t)
{
	struct hcl_value *v = val_new(a, t);
	v->null = true;
	return v;
}

struct hcl_value *hcl_value_bool(struct arena *a, bool b)
{
	struct hcl_value *v = val_new(a, &hcl_type_bool);
	v->u.b = b;
	return v;
}

struct hcl_value *hcl_value_string(struct arena *a, const char *s, size_t len)
{
	struct hcl_value *v = val_new(a, &hcl_type_string);
	v->u.s = nfc(a, s, len);
	return v;
}

struct hcl_value *hcl_value_cstr(struct arena *a, const char *s)
{
	return hcl_value_string(a, s, strlen(s));
}

struct hcl_value *hcl_value_number(struct arena *a, const struct hcl_num *n)
{
	struct hcl_value *v = val_new(a, &hcl_type_number);
	v->u.num = n;
	return v;
}

struct hcl_value *hcl_value_int(struct arena *a, long long i)
{
	return hcl_value_number(a, hcl_num_from_int(a, i));
}

struct hcl_value *hcl_value_typeval(struct arena *a, const struct hcl_type *t)
{
	struct hcl_value *v = val_new(a, &hcl_type_typeval);
	v->u.tval = t;
	return v;
}

const struct hcl_type *hcl_value_as_type(const struct hcl_value *v)
{
	if (!v || v->null || v->type->kind != HCL_T_TYPE)
		return NULL;
	return v->u.tval;
}

struct hcl_value *hcl_value_tuple(struct arena *a, size_t n, struct hcl_value *const *items)
{
	const struct hcl_type **ts = arena_alloc(a, (n ? n : 1) * sizeof(*ts));
	struct hcl_value **it = arena_alloc(a, (n ? n : 1) * sizeof(*it));
	for (size_t i = 0; i < n; i++) {
		ts[i] = items[i]->type;
		it[i] = items[i];
	}
	struct hcl_value *v = val_new(a, hcl_type_tuple(a, n, ts));
	v->u.c.n = n;
	v->u.c.items = it;
	return v;
}

static int str_cmp(struct str x, struct str y)
{
	size_t m = x.len < y.len ? x.len : y.len;
	int c = memcmp(x.p, y.p, m);
	if (c)
		return c;
	return x.len < y.len ? -1 : x.len > y.len ? 1 : 0;
}

struct keyed {
	struct str k;
	struct hcl_value *v;
	size_t idx;
};

static int keyed_cmp(const void *x, const void *y)
{
	const struct keyed *a = x, *b = y;
	int c = str_cmp(a->k, b->k);
	if (c)
		return c;
	return a->idx < b->idx ? -1 : a->idx > b->idx;
}

/* Sorts keys (with items) byte-wise; a later duplicate wins. */
static size_t sort_keys(struct arena *a, size_t n, const struct str *keys,
			struct hcl_value *const *items, struct str **ok, struct hcl_value ***oi)
{
	struct str *k = arena_alloc(a, (n ? n : 1) * sizeof(*k));
	struct hcl_value **v = arena_alloc(a, (n ? n : 1) * sizeof(*v));
	bool sorted = true;
	for (size_t i = 1; i < n && sorted; i++)
		sorted = str_cmp(keys[i - 1], keys[i]) < 0;
	if (sorted) {
		if (n) {
			memcpy(k, keys, n * sizeof(*k));
			memcpy(v, items, n * sizeof(*v));
		}
		*ok = k;
		*oi = v;
		return n;
	}
	struct keyed *tmp = util_xmalloc((n ? n : 1) * sizeof(*tmp));
	for (size_t i = 0; i < n; i++)
		tmp[i] = (struct keyed){ keys[i], items[i], i };
	qsort(tmp, n, sizeof(*tmp), keyed_cmp);
	size_t m = 0;
	for (size_t i = 0; i < n; i++) {
		if (m > 0 && str_cmp(k[m - 1], tmp[i].k) == 0) {
			v[m - 1] = tmp[i].v; /* later duplicate wins */
			continue;
		}
		k[m] = tmp[i].k;
		v[m] = tmp[i].v;
		m++;
	}
	free(tmp);
	*ok = k;
	*oi = v;
	return m;
}

struct hcl_value *hcl_value_object(struct arena *a, size_t n, const struct str *keys,
				   struct hcl_value *const *items)
{
	struct str *k;
	struct hcl_value **v;
	size_t m = sort_keys(a, n, keys, items, &k, &v);
	struct hcl_type *t = arena_alloc(a, sizeof(*t));
	t->kind = HCL_T_OBJECT;
	t->n = m;
	t->names = arena_alloc(a, (m ? m : 1) * sizeof(*t->names));
	t->elems = arena_alloc(a, (m ? m : 1) * sizeof(*t->elems));
	for (size_t i = 0; i < m; i++) {
		t->names[i] = arena_strndup(a, k[i].p, k[i].len);
		t->elems[i] = v[i]->type;
	}
	struct hcl_value *r = val_new(a, t);
	r->u.c.n = m;
	r->u.c.keys = k;
	r->u.c.items = v;
	return r;
}

struct hcl_value *hcl_value_list(struct arena *a, const struct hcl_type *elem, size_t n,
				 struct hcl_value *const *items)
{
	struct hcl_value *r = val_new(a, hcl_type_list(a, elem));
	r->u.c.n = n;
	r->u.c.items = arena_alloc(a, (n ? n : 1) * sizeof(*r->u.c.items));
	for (size_t i = 0; i < n; i++)
		r->u.c.items[i] = items[i];
	return r;
}

/* cty set order: strings byte-wise, numbers numerically, false < true;
 * other element types keep first-seen order. */
static int set_cmp(const struct hcl_value *x, const struct hcl_value *y)
{
	if (x->null || y->null)
		return x->null == y->null ? 0 : x->null ? 1 : -1;
	if (x->type->kind == HCL_T_STRING && y->type->kind == HCL_T_STRING)
		return str_cmp(x->u.s, y->u.s);
	if (x->type->kind == HCL_T_NUMBER && y->type->kind == HCL_T_NUMBER)
		return hcl_num_cmp(x->u.num, y->u.num);
	if (x->type->kind == HCL_T_BOOL && y->type->kind == HCL_T_BOOL)
		return (int)x->u.b - (int)y->u.b;
	return 0;
}

struct hcl_value *hcl_value_set(struct arena *a, const struct hcl_type *elem, size_t n,
				struct hcl_value *const *items)
{
	struct hcl_value **v = arena_alloc(a, (n ? n : 1) * sizeof(*v));
	size_t m = 0;
	for (size_t i = 0; i < n; i++) {
		bool dup = false;
		for (size_t j = 0; j < m && !dup; j++)
			dup = hcl_value_equal(v[j], items[i]);
		if (dup)
			continue;
		/* insertion sort keeps equal-ranked items in first-seen order */
		size_t j = m;
		while (j > 0 && set_cmp(v[j - 1], items[i]) > 0) {
			v[j] = v[j - 1];
			j--;
		}
		v[j] = items[i];
		m++;
	}
	struct hcl_value *r = val_new(a, hcl_type_set(a, elem));
	r->u.c.n = m;
	r->u.c.items = v;
	return r;
}

struct hcl_value *hcl_value_map(struct arena *a, const struct hcl_type *elem, size_t n,
				const struct str *keys, struct hcl_value *const *items)
{
	struct str *k;
	struct hcl_value **v;
	size_t m = sort_keys(a, n, keys, items, &k, &v);
	struct hcl_value *r = val_new(a, hcl_type_map(a, elem));
	r->u.c.n = m;
	r->u.c.keys = k;
	r->u.c.items = v;
	return r;
}

struct hcl_value *hcl_value_get(const struct hcl_value *v, const char *key)
{
	if (!v || v->null || (v->type->kind != HCL_T_OBJECT && v->type->kind != HCL_T_MAP))
		return NULL;
	struct str k = str_from(key);
	size_t lo = 0, hi = v->u.c.n;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		int c = str_cmp(v->u.c.keys[mid], k);
		if (c == 0)
			return v->u.c.items[mid];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

int hcl_value_as_int64(long long *out, const struct hcl_value *v)
{
	if (!v || v->null || v->type->kind != HCL_T_NUMBER)
		return -1;
	return hcl_num_to_int64(out, v->u.num);
}

bool hcl_value_is_collection(const struct hcl_value *v)
{
	switch (v->type->kind) {
	case HCL_T_LIST:
	case HCL_T_SET:
	case HCL_T_MAP:
	case HCL_T_TUPLE:
	case HCL_T_OBJECT:
		return true;
	default:
		return false;
	}
}

bool hcl_value_equal(const struct hcl_value *x, const struct hcl_value *y)
{
	if (x->null || y->null)
		return x->null && y->null;
	if (!hcl_type_equal(x->type, y->type))
		return false;
	switch (x->type->kind) {
	case HCL_T_STRING:
	case HCL_T_RAW:
		return str_cmp(x->u.s, y->u.s) == 0;
	case HCL_T_NUMBER:
		return hcl_num_cmp(x->u.num, y->u.num) == 0;
	case HCL_T_BOOL:
		return x->u.b == y->u.b;
	case HCL_T_TYPE:
		return hcl_type_equal(x->u.tval, y->u.tval);
	case HCL_T_DYNAMIC:
		return true;
	default:
		if (x->u.c.n != y->u.c.n)
			return false;
		for (size_t i = 0; i < x->u.c.n; i++) {
			if (x->u.c.keys && str_cmp(x->u.c.keys[i], y->u.c.keys[i]) != 0)
				return false;
			if (!hcl_value_equal(x->u.c.items[i], y->u.c.items[i]))
				return false;
		}
		return true;
	}
}

int hcl_value_to_text(struct str *out, struct arena *a, const struct hcl_value *v)
{
	if (v->null)
		return -1;
	switch (v->type->kind) {
	case HCL_T_STRING:
		*out = v->u.s;
		return 0;
	case HCL_T_NUMBER:
		*out = str_from(hcl_num_text(a, v->u.num));
		return 0;
	case HCL_T_BOOL:
		*out = v->u.b ? STR_LIT("true") : STR_LIT("false");
		return 0;
	default:
		return -1;
	}
}

/* ---- conversion ---- */

static const char *mismatch(struct arena *a, const struct hcl_type *got, const struct hcl_type *want);

static bool prim(const struct hcl_type *t)
{
	return t->kind == HCL_T_STRING || t->kind == HCL_T_NUMBER || t->kind == HCL_T_BOOL;
}

/* cty's convert.UnifyUnsafe: the one type all of ts convert to, or NULL. */
const struct hcl_type *hcl_type_unify(struct arena *a, size_t n, const struct hcl_type *const *ts)
{
	if (n == 0)
		return &hcl_type_dynamic;
	bool same = true;
	for (size_t i = 1; i < n && same; i++)
		same = hcl_type_equal(ts[0], ts[i]);
	if (same)
		return ts[0];
	size_t cnt[HCL_T_RAW + 1] = { 0 };
	for (size_t i = 0; i < n; i++)
		cnt[ts[i]->kind]++;
	if (cnt[HCL_T_DYNAMIC])
		return &hcl_type_dynamic;
	size_t total = 0;
	const struct hcl_type **es = NULL;
	if ((cnt[HCL_T_MAP] && cnt[HCL_T_MAP] + cnt[HCL_T_OBJECT] == n) ||
	    (cnt[HCL_T_LIST] && cnt[HCL_T_LIST] + cnt[HCL_T_TUPLE] == n) ||
	    (cnt[HCL_T_SET] == n) ||
	    (cnt[HCL_T_OBJECT] == n) || (cnt[HCL_T_TUPLE] == n)) {
		enum hcl_type_kind k = ts[0]->kind;
		for (size_t i = 0; i < n; i++)
			if (ts[i]->kind == HCL_T_MAP || ts[i]->kind == HCL_T_LIST || ts[i]->kind == HCL_T_SET)
				k = ts[i]->kind;
		if (k == HCL_T_OBJECT || k == HCL_T_TUPLE) {
			/* same shape: member-wise; different shapes: map / list */
			bool shape = true;
			for (size_t i = 1; i < n && shape; i++) {
				shape = ts[i]->n == ts[0]->n;
				for (size_t j = 0; shape && k == HCL_T_OBJECT && j < ts[0]->n; j++)
					shape = strcmp(ts[i]->names[j], ts[0]->names[j]) == 0;
			}
			if (shape) {
				const struct hcl_type **m = arena_alloc(a, (ts[0]->n ? ts[0]->n : 1) * sizeof(*m));
				const struct hcl_type **col = arena_alloc(a, n * sizeof(*col));
				for (size_t j = 0; j < ts[0]->n; j++) {
					for (size_t i = 0; i < n; i++)
						col[i] = ts[i]->elems[j];
					m[j] = hcl_type_unify(a, n, col);
					if (!m[j])
						return NULL;
				}
				return k == HCL_T_TUPLE ? hcl_type_tuple(a, ts[0]->n, m) :
							  hcl_type_object(a, ts[0]->n, ts[0]->names, m);
			}
			k = k == HCL_T_TUPLE ? HCL_T_LIST : HCL_T_MAP;
		}
		for (size_t i = 0; i < n; i++)
			total += ts[i]->elem ? 1 : ts[i]->n;
		es = arena_alloc(a, (total ? total : 1) * sizeof(*es));
		size_t m = 0;
		for (size_t i = 0; i < n; i++) {
			if (ts[i]->elem)
				es[m++] = ts[i]->elem;
			else
				for (size_t j = 0; j < ts[i]->n; j++)
					es[m++] = ts[i]->elems[j];
		}
		const struct hcl_type *et = hcl_type_unify(a, m, es);
		if (!et)
			return NULL;
		return k == HCL_T_LIST ? hcl_type_list(a, et) : k == HCL_T_SET ? hcl_type_set(a, et) :
									 hcl_type_map(a, et);
	}
	/* primitives: string wins when every type converts to it */
	bool all_prim = true, any_string = false;
	for (size_t i = 0; i < n; i++) {
		all_prim = all_prim && prim(ts[i]);
		any_string = any_string || ts[i]->kind == HCL_T_STRING;
	}
	if (all_prim && any_string)
		return &hcl_type_string;
	return NULL;
}

static int conv(struct hcl_value **out, struct arena *a, struct hcl_value *v,
		const struct hcl_type *t, const char **err);

/* cty reports a type-level mismatch of one element as "element 0: ...";
 * a value that fails at run time (e.g. "abc" to number) keeps its own
 * message. */
static bool type_level(const char *err)
{
	size_t l = strlen(err);
	return l > 9 && strcmp(err + l - 9, " required") == 0 && strncmp(err, "a ", 2) != 0;
}

static int conv_items(struct hcl_value ***out, struct arena *a, size_t n,
		      struct hcl_value *const *items, const struct str *keys,
		      const struct hcl_type *elem, const char **err, enum hcl_type_kind from,
		      enum hcl_type_kind to)
{
	struct hcl_value **r = arena_alloc(a, (n ? n : 1) * sizeof(*r));
	for (size_t i = 0; i < n; i++) {
		if (conv(&r[i], a, items[i], elem, err) < 0) {
			if (type_level(*err)) {
				if (from == HCL_T_LIST || from == HCL_T_SET || from == HCL_T_MAP)
					*err = arena_printf(a, "incorrect %s element type: %s",
							    to == HCL_T_LIST ? "list" : to == HCL_T_SET ? "set" : "map", *err);
				else if (keys)
					*err = arena_printf(a, "element \"%.*s\": %s", (int)keys[i].len, keys[i].p, *err);
				else
					*err = arena_printf(a, "element %zu: %s", i, *err);
			}
			return -1;
		}
	}
	*out = r;
	return 0;
}

/* Whether cty has a conversion between the types at all (its decision is
 * made on types, so an empty list(list(x)) still cannot become
 * list(string)). */
static bool convertible(const struct hcl_type *from, const struct hcl_type *to)
{
	if (to->kind == HCL_T_DYNAMIC || from->kind == HCL_T_DYNAMIC || hcl_type_equal(from, to))
		return true;
	switch (to->kind) {
	case HCL_T_STRING:
		return from->kind == HCL_T_NUMBER || from->kind == HCL_T_BOOL;
	case HCL_T_NUMBER:
	case HCL_T_BOOL:
		return from->kind == HCL_T_STRING;
	case HCL_T_LIST:
	case HCL_T_SET:
		if (from->kind == HCL_T_LIST || from->kind == HCL_T_SET)
			return convertible(from->elem, to->elem);
		if (from->kind == HCL_T_TUPLE) {
			for (size_t i = 0; i < from->n; i++)
				if (!convertible(from->elems[i], to->elem))
					return false;
			return true;
		}
		return false;
	case HCL_T_MAP:
		if (from->kind == HCL_T_MAP)
			return convertible(from->elem, to->elem);
		if (from->kind == HCL_T_OBJECT) {
			for (size_t i = 0; i < from->n; i++)
				if (!convertible(from->elems[i], to->elem))
					return false;
			return true;
		}
		return false;
	default:
		return true; /* tuples/objects: decided per value below */
	}
}

static int conv(struct hcl_value **out, struct arena *a, struct hcl_value *v,
		const struct hcl_type *t, const char **err)
{
	const struct hcl_type *vt = v->type;
	if ((vt->kind == HCL_T_LIST || vt->kind == HCL_T_SET || vt->kind == HCL_T_MAP) &&
	    (t->kind == HCL_T_LIST || t->kind == HCL_T_SET || t->kind == HCL_T_MAP) &&
	    !(vt->kind == HCL_T_MAP) == !(t->kind == HCL_T_MAP) && !v->null &&
	    !convertible(vt->elem, t->elem)) {
		const char *inner = mismatch(a, vt->elem, t->elem);
		*err = arena_printf(a, "incorrect %s element type: %s",
				    t->kind == HCL_T_LIST ? "list" : t->kind == HCL_T_SET ? "set" : "map", inner);
		return -1;
	}
	if (t->kind == HCL_T_DYNAMIC || hcl_type_equal(vt, t)) {
		*out = v;
		return 0;
	}
	if (v->null) {
		*out = hcl_value_null(a, t);
		return 0;
	}
	if (vt->kind == HCL_T_DYNAMIC) {
		/* an unknown (a failed sub-expression) converts to anything */
		*out = v;
		return 0;
	}
	switch (t->kind) {
	case HCL_T_STRING:
		if (vt->kind == HCL_T_NUMBER) {
			*out = hcl_value_cstr(a, hcl_num_text(a, v->u.num));
			return 0;
		}
		if (vt->kind == HCL_T_BOOL) {
			*out = hcl_value_cstr(a, v->u.b ? "true" : "false");
			return 0;
		}
		break;
	case HCL_T_NUMBER:
		if (vt->kind == HCL_T_STRING) {
			const struct hcl_num *n = hcl_num_parse(a, v->u.s.p, v->u.s.len, true);
			if (!n) {
				*err = "a number is required";
				return -1;
			}
			*out = hcl_value_number(a, n);
			return 0;
		}
		break;
	case HCL_T_BOOL:
		if (vt->kind == HCL_T_STRING) {
			struct str s = v->u.s;
			if (str_eq(s, "true") || str_eq(s, "1")) {
				*out = hcl_value_bool(a, true);
				return 0;
			}
			if (str_eq(s, "false") || str_eq(s, "0")) {
				*out = hcl_value_bool(a, false);
				return 0;
			}
			if (s.len == 4 && strncasecmp(s.p, "true", 4) == 0)
				*err = "a bool is required; to convert from string, use lowercase \"true\"";
			else if (s.len == 5 && strncasecmp(s.p, "false", 5) == 0)
				*err = "a bool is required; to convert from string, use lowercase \"false\"";
			else
				*err = "a bool is required";
			return -1;
		}
		break;
	case HCL_T_LIST:
	case HCL_T_SET:
		if (vt->kind == HCL_T_LIST || vt->kind == HCL_T_SET || vt->kind == HCL_T_TUPLE) {
			const struct hcl_type *elem = t->elem;
			if (elem->kind == HCL_T_DYNAMIC) {
				const struct hcl_type **ts = arena_alloc(a, (v->u.c.n ? v->u.c.n : 1) * sizeof(*ts));
				for (size_t i = 0; i < v->u.c.n; i++)
					ts[i] = v->u.c.items[i]->type;
				if (vt->kind != HCL_T_TUPLE)
					elem = vt->elem;
				else
					elem = hcl_type_unify(a, v->u.c.n, ts);
				if (!elem) {
					*err = t->kind == HCL_T_LIST ? "all list elements must have the same type" :
								       "all set elements must have the same type";
					return -1;
				}
			}
			struct hcl_value **items;
			if (conv_items(&items, a, v->u.c.n, v->u.c.items, NULL, elem, err, vt->kind, t->kind) < 0)
				return -1;
			*out = t->kind == HCL_T_LIST ? hcl_value_list(a, elem, v->u.c.n, items) :
						       hcl_value_set(a, elem, v->u.c.n, items);
			return 0;
		}
		break;
	case HCL_T_MAP:
		if (vt->kind == HCL_T_MAP || vt->kind == HCL_T_OBJECT) {
			const struct hcl_type *elem = t->elem;
			if (elem->kind == HCL_T_DYNAMIC) {
				if (vt->kind == HCL_T_MAP) {
					elem = vt->elem;
				} else {
					elem = hcl_type_unify(a, vt->n, vt->elems);
					if (!elem) {
						*err = "all map elements must have the same type";
						return -1;
					}
				}
			}
			struct hcl_value **items;
			if (conv_items(&items, a, v->u.c.n, v->u.c.items, v->u.c.keys, elem, err, vt->kind, t->kind) < 0)
				return -1;
			*out = hcl_value_map(a, elem, v->u.c.n, v->u.c.keys, items);
			return 0;
		}
		break;
	case HCL_T_TUPLE:
		if ((vt->kind == HCL_T_TUPLE || vt->kind == HCL_T_LIST) && v->u.c.n == t->n) {
			struct hcl_value **items = arena_alloc(a, (t->n ? t->n : 1) * sizeof(*items));
			for (size_t i = 0; i < t->n; i++)
				if (conv(&items[i], a, v->u.c.items[i], t->elems[i], err) < 0)
					return -1;
			*out = hcl_value_tuple(a, t->n, items);
			return 0;
		}
		break;
	case HCL_T_OBJECT:
		if (vt->kind == HCL_T_OBJECT || vt->kind == HCL_T_MAP) {
			struct str *keys = arena_alloc(a, (t->n ? t->n : 1) * sizeof(*keys));
			struct hcl_value **items = arena_alloc(a, (t->n ? t->n : 1) * sizeof(*items));
			for (size_t i = 0; i < t->n; i++) {
				struct hcl_value *x = hcl_value_get(v, t->names[i]);
				if (!x) {
					*err = arena_printf(a, "attribute \"%s\" is required", t->names[i]);
					return -1;
				}
				keys[i] = str_from(t->names[i]);
				if (conv(&items[i], a, x, t->elems[i], err) < 0) {
					*err = arena_printf(a, "attribute \"%s\": %s", t->names[i], *err);
					return -1;
				}
			}
			*out = hcl_value_object(a, t->n, keys, items);
			return 0;
		}
		break;
	default:
		break;
	}
	*err = mismatch(a, vt, t);
	return -1;
}

static const char *mismatch(struct arena *a, const struct hcl_type *got, const struct hcl_type *want)
{
	if (got->kind == HCL_T_TUPLE && (want->kind == HCL_T_LIST || want->kind == HCL_T_SET) &&
	    want->elem->kind != HCL_T_DYNAMIC) {
		for (size_t i = 0; i < got->n; i++) {
			if (hcl_type_equal(got->elems[i], want->elem))
				continue;
			return arena_printf(a, "element %zu: %s", i, mismatch(a, got->elems[i], want->elem));
		}
		return arena_printf(a, "all elements must be %s", friendly_str(a, want->elem, true));
	}
	return arena_printf(a, "%s required", friendly_str(a, want, true));
}

int hcl_value_convert(struct hcl_value **out, struct arena *a, struct hcl_value *v,
		      const struct hcl_type *t, const char **err)
{
	*err = NULL;
	return conv(out, a, v, t, err);
}

/* ---- JSON ---- */

void hcl_json_string(struct strbuf *sb, const char *s, size_t len)
{
	static const char hex[] = "0123456789abcdef";
	const unsigned char *u = (const unsigned char *)s;
	strbuf_addch(sb, '"');
	size_t i = 0;
	while (i < len) {
		unsigned char c = u[i];
		if (c < 0x80) {
			if (c == '"' || c == '\\') {
				strbuf_addch(sb, '\\');
				strbuf_addch(sb, (char)c);
			} else if (c == '\n') {
				strbuf_addstr(sb, "\\n");
			} else if (c == '\r') {
				strbuf_addstr(sb, "\\r");
			} else if (c == '\t') {
				strbuf_addstr(sb, "\\t");
			} else if (c < 0x20) {
				strbuf_addstr(sb, "\\u00");
				strbuf_addch(sb, hex[c >> 4]);
				strbuf_addch(sb, hex[c & 15]);
			} else {
				strbuf_addch(sb, (char)c);
			}
			i++;
			continue;
		}
		unsigned cp;
		size_t l = u8dec(u + i, len - i, &cp);
		if (l == 0 || (cp >= 0xD800 && cp <= 0xDFFF)) {
			strbuf_addstr(sb, "\\ufffd");
			i++;
			continue;
		}
		if (cp == 0x2028 || cp == 0x2029) {
			strbuf_addstr(sb, cp == 0x2028 ? "\\u2028" : "\\u2029");
		} else {
			strbuf_add(sb, s + i, l);
		}
		i += l;
	}
	strbuf_addch(sb, '"');
}

static void indent_nl(struct strbuf *sb, int indent, int level)
{
	if (indent <= 0)
		return;
	strbuf_addch(sb, '\n');
	for (int i = 0; i < indent * level; i++)
		strbuf_addch(sb, ' ');
}

int hcl_value_json(struct strbuf *sb, const struct hcl_value *v, int indent, int level,
		   const char **err)
{
	if (v->null) {
		strbuf_addstr(sb, "null");
		return 0;
	}
	switch (v->type->kind) {
	case HCL_T_STRING:
	case HCL_T_RAW:
		hcl_json_string(sb, v->u.s.p, v->u.s.len);
		return 0;
	case HCL_T_NUMBER:
		if (hcl_num_is_inf(v->u.num)) {
			*err = "cannot serialize infinity as JSON";
			return -1;
		}
		{
			struct arena *tmp = arena_new();
			strbuf_addstr(sb, hcl_num_text(tmp, v->u.num));
			arena_free(tmp);
		}
		return 0;
	case HCL_T_BOOL:
		strbuf_addstr(sb, v->u.b ? "true" : "false");
		return 0;
	case HCL_T_LIST:
	case HCL_T_SET:
	case HCL_T_TUPLE:
		if (v->u.c.n == 0) {
			strbuf_addstr(sb, "[]");
			return 0;
		}
		strbuf_addch(sb, '[');
		for (size_t i = 0; i < v->u.c.n; i++) {
			if (i)
				strbuf_addch(sb, ',');
			indent_nl(sb, indent, level + 1);
			if (hcl_value_json(sb, v->u.c.items[i], indent, level + 1, err) < 0)
				return -1;
		}
		indent_nl(sb, indent, level);
		strbuf_addch(sb, ']');
		return 0;
	case HCL_T_MAP:
	case HCL_T_OBJECT:
		if (v->u.c.n == 0) {
			strbuf_addstr(sb, "{}");
			return 0;
		}
		strbuf_addch(sb, '{');
		for (size_t i = 0; i < v->u.c.n; i++) {
			if (i)
				strbuf_addch(sb, ',');
			indent_nl(sb, indent, level + 1);
			hcl_json_string(sb, v->u.c.keys[i].p, v->u.c.keys[i].len);
			strbuf_addstr(sb, indent > 0 ? ": " : ":");
			if (hcl_value_json(sb, v->u.c.items[i], indent, level + 1, err) < 0)
				return -1;
		}
		indent_nl(sb, indent, level);
		strbuf_addch(sb, '}');
		return 0;
	case HCL_T_TYPE:
		*err = "cannot serialize a type as JSON";
		return -1;
	case HCL_T_DYNAMIC:
		strbuf_addstr(sb, "null");
		return 0;
	}
	return 0;
}

struct jp {
	struct arena *a;
	const char *s;
	size_t n, i;
	const char *err;
	int depth;
};

static void jws(struct jp *j)
{
	while (j->i < j->n && (j->s[j->i] == ' ' || j->s[j->i] == '\t' || j->s[j->i] == '\n' ||
			       j->s[j->i] == '\r'))
		j->i++;
}

static int jhex(struct jp *j, unsigned *out)
{
	if (j->i + 4 > j->n)
		return -1;
	unsigned v = 0;
	for (int k = 0; k < 4; k++) {
		char c = j->s[j->i + k];
		int h = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 :
			c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
		if (h < 0)
			return -1;
		v = v * 16 + (unsigned)h;
	}
	j->i += 4;
	*out = v;
	return 0;
}

static int jstr(struct jp *j, struct str *out)
{
	j->i++; /* opening quote */
	struct strbuf sb = STRBUF_INIT;
	while (j->i < j->n && j->s[j->i] != '"') {
		char c = j->s[j->i++];
		if ((unsigned char)c < 0x20)
			goto bad;
		if (c != '\\') {
			strbuf_addch(&sb, c);
			continue;
		}
		if (j->i >= j->n)
			goto bad;
		c = j->s[j->i++];
		switch (c) {
		case '"': case '\\': case '/': strbuf_addch(&sb, c); break;
		case 'b': strbuf_addch(&sb, '\b'); break;
		case 'f': strbuf_addch(&sb, '\f'); break;
		case 'n': strbuf_addch(&sb, '\n'); break;
		case 'r': strbuf_addch(&sb, '\r'); break;
		case 't': strbuf_addch(&sb, '\t'); break;
		case 'u': {
			unsigned cp;
			if (jhex(j, &cp) < 0)
				goto bad;
			if (cp >= 0xD800 && cp < 0xDC00 && j->i + 6 <= j->n && j->s[j->i] == '\\' &&
			    j->s[j->i + 1] == 'u') {
				size_t save = j->i;
				unsigned lo;
				j->i += 2;
				if (jhex(j, &lo) == 0 && lo >= 0xDC00 && lo < 0xE000)
					cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
				else
					j->i = save;
			}
			if (cp >= 0xD800 && cp < 0xE000)
				cp = 0xFFFD;
			util_utf8_put(&sb, cp);
			break;
		}
		default:
			goto bad;
		}
	}
	if (j->i >= j->n)
		goto bad;
	j->i++;
	out->p = strbuf_arena(&sb, j->a);
	out->len = sb.len;
	strbuf_release(&sb);
	return 0;
bad:
	strbuf_release(&sb);
	j->err = "invalid JSON string";
	return -1;
}

static int jval(struct jp *j, struct hcl_value **out)
{
	jws(j);
	if (j->i >= j->n) {
		j->err = "unexpected end of JSON input";
		return -1;
	}
	if (++j->depth > HCL_MAX_DEPTH) {
		j->err = "JSON nested too deeply";
		return -1;
	}
	char c = j->s[j->i];
	int rc = 0;
	if (c == '{') {
		j->i++;
		struct str *keys = NULL;
		struct hcl_value **vals = NULL;
		size_t n = 0, cap = 0;
		jws(j);
		if (j->i < j->n && j->s[j->i] == '}') {
			j->i++;
		} else {
			for (;;) {
				jws(j);
				if (j->i >= j->n || j->s[j->i] != '"') {
					j->err = "expected a JSON object key";
					return -1;
				}
				if (n == cap) {
					size_t nc = cap ? cap * 2 : 8;
					keys = arena_realloc(j->a, keys, cap * sizeof(*keys), nc * sizeof(*keys));
					vals = arena_realloc(j->a, vals, cap * sizeof(*vals), nc * sizeof(*vals));
					cap = nc;
				}
				if (jstr(j, &keys[n]) < 0)
					return -1;
				jws(j);
				if (j->i >= j->n || j->s[j->i] != ':') {
					j->err = "expected ':' in JSON object";
					return -1;
				}
				j->i++;
				if (jval(j, &vals[n]) < 0)
					return -1;
				n++;
				jws(j);
				if (j->i < j->n && j->s[j->i] == ',') {
					j->i++;
					continue;
				}
				if (j->i < j->n && j->s[j->i] == '}') {
					j->i++;
					break;
				}
				j->err = "expected ',' or '}' in JSON object";
				return -1;
			}
		}
		*out = hcl_value_object(j->a, n, keys, vals);
	} else if (c == '[') {
		j->i++;
		struct hcl_value **vals = NULL;
		size_t n = 0, cap = 0;
		jws(j);
		if (j->i < j->n && j->s[j->i] == ']') {
			j->i++;
		} else {
			for (;;) {
				if (n == cap) {
					size_t nc = cap ? cap * 2 : 8;
					vals = arena_realloc(j->a, vals, cap * sizeof(*vals), nc * sizeof(*vals));
					cap = nc;
				}
				if (jval(j, &vals[n]) < 0)
					return -1;
				n++;
				jws(j);
				if (j->i < j->n && j->s[j->i] == ',') {
					j->i++;
					continue;
				}
				if (j->i < j->n && j->s[j->i] == ']') {
					j->i++;
					break;
				}
				j->err = "expected ',' or ']' in JSON array";
				return -1;
			}
		}
		*out = hcl_value_tuple(j->a, n, vals);
	} else if (c == '"') {
		struct str s;
		if (jstr(j, &s) < 0)
			return -1;
		*out = hcl_value_string(j->a, s.p, s.len);
	} else if (j->n - j->i >= 4 && memcmp(j->s + j->i, "true", 4) == 0) {
		j->i += 4;
		*out = hcl_value_bool(j->a, true);
	} else if (j->n - j->i >= 5 && memcmp(j->s + j->i, "false", 5) == 0) {
		j->i += 5;
		*out = hcl_value_bool(j->a, false);
	} else if (j->n - j->i >= 4 && memcmp(j->s + j->i, "null", 4) == 0) {
		j->i += 4;
		*out = hcl_value_null(j->a, &hcl_type_dynamic);
	} else if (c == '-' || (c >= '0' && c <= '9')) {
		size_t st = j->i;
		if (j->s[j->i] == '-')
			j->i++;
		while (j->i < j->n && strchr("0123456789.eE+-", j->s[j->i]))
			j->i++;
		const struct hcl_num *num = hcl_num_parse(j->a, j->s + st, j->i - st, true);
		if (!num) {
			j->err = "invalid JSON number";
			return -1;
		}
		*out = hcl_value_number(j->a, num);
	} else {
		j->err = "invalid character in JSON";
		rc = -1;
	}
	j->depth--;
	return rc;
}

int hcl_value_from_json(struct hcl_value **out, struct arena *a, const char *s, size_t len,
			const char **err)
{
	struct jp j = { .a = a, .s = s, .n = len };
	if (jval(&j, out) < 0) {
		*err = j.err;
		return -1;
	}
	jws(&j);
	if (j.i != j.n) {
		*err = "extra data after JSON value";
		return -1;
	}
	return 0;
}
