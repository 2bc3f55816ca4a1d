/*
 * random.c — the library's random numbers for simulations (declared in
 * lib/internal.h): xoshiro256** of Blackman and Vigna ("Scrambled linear
 * pseudorandom number generators", 2018, prng.di.unimi.it), its state
 * filled by splitmix64 from one 64-bit seed, as its authors advise. Pure
 * integer arithmetic: the same seed gives the same stream everywhere.
 * Uniforms take the top 53 bits, offset by half a step, so they lie in
 * (0, 1) and -log(u) is finite.
 */
#include "internal.h"

#include <math.h>

static uint64_t splitmix64(uint64_t *x) {
  uint64_t z = (*x += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

void eml_rng_seed(eml_rng *r, uint64_t seed) {
  uint64_t x = seed;
  for (int i = 0; i < 4; i++)
    r->s[i] = splitmix64(&x);
}

static uint64_t rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

uint64_t eml_rng_next(eml_rng *r) {
  uint64_t *s = r->s;
  uint64_t result = rotl(s[1] * 5, 7) * 9, t = s[1] << 17;
  s[2] ^= s[0];
  s[3] ^= s[1];
  s[1] ^= s[2];
  s[0] ^= s[3];
  s[2] ^= t;
  s[3] = rotl(s[3], 45);
  return result;
}

double eml_rng_uniform(eml_rng *r) {
  return ((double)(eml_rng_next(r) >> 11) + 0.5) * 0x1.0p-53;
}

double eml_rng_exponential(eml_rng *r, double mean) { return -mean * log(eml_rng_uniform(r)); }
