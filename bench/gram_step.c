/*
 * bench/gram_step.c: the packed-Gram GD step of symmetric sensing in plain C, the per-step limit that
 * bench/compare measures IRLab's steady step (row f) against, in the same run.
 *
 * Reads the paper-size instance org.irlab.bench.Compare wrote to DIR (sensing_operator.bin: N x n*n row-major
 * float64 little-endian; sensing_observations.bin; sensing_start.bin; sensing_meta.json gives n, r', N, the scale
 * c, the steps and the step size), packs the operator (A_i[j,l] + A_i[l,j] off the diagonal), forms H = 2c A^T A
 * and b = 2c A^T y once (not timed), then times STEPS GD steps from the start point, each
 *     m = pack(X X^T);  s = H m - b;  S = unpack(s) (diagonal doubled);  X <- X - eta S X,
 * median and minimum over REPEATS batches. The loss after the steps is summed from the residuals, so the Java side
 * can check that both ran the same descent. Prints one JSON object.
 *
 * Build: cc -O3 -march=native -o gram_step gram_step.c -lm    Usage: gram_step DIR [REPEATS]
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double *load(const char *dir, const char *name, size_t count) {
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "rb");
    if (!f) { fprintf(stderr, "gram_step: cannot open %s\n", path); exit(2); }
    double *a = malloc(count * sizeof(double));
    if (fread(a, sizeof(double), count, f) != count) { fprintf(stderr, "gram_step: short file %s\n", path); exit(2); }
    fclose(f);
    return a;
}

/* The number after "key" in the meta JSON (a flat object written by Compare). */
static double meta(const char *json, const char *key) {
    char pattern[256];
    snprintf(pattern, sizeof pattern, "\"%s\"", key);
    const char *p = strstr(json, pattern);
    if (!p) { fprintf(stderr, "gram_step: %s missing from sensing_meta.json\n", key); exit(2); }
    p = strchr(p + strlen(pattern), ':');
    return strtod(p + 1, NULL);
}

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + 1e-9 * t.tv_nsec;
}

/* m = pack(X X^T): the upper triangle, row by row. */
static void lift(const double *X, int n, int k, double *m) {
    int q = 0;
    for (int j = 0; j < n; j++)
        for (int l = j; l < n; l++) {
            double sum = 0;
            for (int a = 0; a < k; a++) sum += X[j * k + a] * X[l * k + a];
            m[q++] = sum;
        }
}

static int compare(const void *a, const void *b) {
    double x = *(const double *) a, y = *(const double *) b;
    return (x > y) - (x < y);
}

int main(int argc, char **argv) {
    if (argc < 2) { fprintf(stderr, "usage: gram_step DIR [REPEATS]\n"); return 2; }
    const char *dir = argv[1];
    int repeats = argc > 2 ? atoi(argv[2]) : 11;
    char path[4096], json[1 << 16];
    snprintf(path, sizeof path, "%s/sensing_meta.json", dir);
    FILE *mf = fopen(path, "r");
    if (!mf) { fprintf(stderr, "gram_step: cannot open %s\n", path); return 2; }
    size_t len = fread(json, 1, sizeof json - 1, mf);
    json[len] = 0;
    fclose(mf);
    int n = (int) meta(json, "n"), k = (int) meta(json, "searchRank"), N = (int) meta(json, "measurements");
    int steps = (int) meta(json, "steadySteps");
    double c = meta(json, "scale"), eta = meta(json, "steadyStepSize");
    int P = n * (n + 1) / 2;
    double *dense = load(dir, "sensing_operator.bin", (size_t) N * n * n);
    double *y = load(dir, "sensing_observations.bin", N);
    double *start = load(dir, "sensing_start.bin", (size_t) n * k);

    double *A = malloc((size_t) N * P * sizeof(double));
    for (int i = 0; i < N; i++) {
        const double *d = dense + (size_t) i * n * n;
        double *row = A + (size_t) i * P;
        int q = 0;
        for (int j = 0; j < n; j++) {
            row[q++] = d[j * n + j];
            for (int l = j + 1; l < n; l++) row[q++] = d[j * n + l] + d[l * n + j];
        }
    }
    double *H = calloc((size_t) P * P, sizeof(double)), *b = calloc(P, sizeof(double));
    for (int i = 0; i < N; i++) {
        const double *row = A + (size_t) i * P;
        for (int p = 0; p < P; p++) {
            double w = 2 * c * row[p];
            b[p] += w * y[i];
            for (int q = p; q < P; q++) H[(size_t) p * P + q] += w * row[q];
        }
    }
    for (int p = 0; p < P; p++)
        for (int q = p + 1; q < P; q++) H[(size_t) q * P + p] = H[(size_t) p * P + q];

    double *X = malloc((size_t) n * k * sizeof(double)), *m = malloc(P * sizeof(double));
    double *s = malloc(P * sizeof(double)), *S = malloc((size_t) n * n * sizeof(double));
    double *G = malloc((size_t) n * k * sizeof(double));
    double *times = malloc(repeats * sizeof(double));
    for (int rep = -1; rep < repeats; rep++) { /* rep -1: warm-up */
        memcpy(X, start, (size_t) n * k * sizeof(double));
        double t0 = now();
        for (int t = 0; t < steps; t++) {
            lift(X, n, k, m);
            int q;
            for (int p = 0; p < P; p++) {
                const double *h = H + (size_t) p * P;
                double sum = 0;
                for (int q2 = 0; q2 < P; q2++) sum += h[q2] * m[q2];
                s[p] = sum - b[p];
            }
            q = 0;
            for (int j = 0; j < n; j++) {
                S[j * n + j] = 2 * s[q++];
                for (int l = j + 1; l < n; l++) { S[j * n + l] = s[q]; S[l * n + j] = s[q]; q++; }
            }
            for (int j = 0; j < n; j++)
                for (int a = 0; a < k; a++) {
                    double sum = 0;
                    for (int l = 0; l < n; l++) sum += S[j * n + l] * X[l * k + a];
                    G[j * k + a] = sum;
                }
            for (int i = 0; i < n * k; i++) X[i] -= eta * G[i];
        }
        if (rep >= 0) times[rep] = (now() - t0) / steps;
    }
    qsort(times, repeats, sizeof(double), compare);
    /* the loss at the last iterate, from the residuals */
    lift(X, n, k, m);
    double loss = 0;
    for (int i = 0; i < N; i++) {
        double r = -y[i];
        for (int p = 0; p < P; p++) r += A[(size_t) i * P + p] * m[p];
        loss += r * r;
    }
    loss *= c;
    printf("{\"seconds\": %.9g, \"min\": %.9g, \"max\": %.9g, \"repeats\": %d, \"steps\": %d, \"finalLoss\": %.17g}\n",
           times[repeats / 2], times[0], times[repeats - 1], repeats, steps, loss);
    return 0;
}
