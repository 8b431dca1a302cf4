package liop.node.privacy;

import java.math.BigInteger;
import java.security.SecureRandom;

/**
 * Exact samplers for differential privacy, after Canonne, Kamath and Steinke, "The Discrete
 * Gaussian for Differential Privacy" (NeurIPS 2020), Algorithms 1 and 2. Every decision is an
 * integer comparison of uniform integers from a {@link SecureRandom}: no floating point, no
 * {@code Math.log} of a uniform double, so none of the holes in the output distribution that
 * Mironov ("On Significance of the Least Significant Bits for Differential Privacy", CCS 2012)
 * showed leak the true value through textbook Laplace implementations.
 */
final class ExactSampler {

    private final SecureRandom random;

    ExactSampler(SecureRandom random) {
        this.random = random;
    }

    /** A uniform integer in [0, bound). */
    BigInteger uniform(BigInteger bound) {
        if (bound.signum() <= 0) {
            throw new IllegalArgumentException("bound must be positive");
        }
        BigInteger candidate;
        do {
            candidate = new BigInteger(bound.bitLength(), random);
        } while (candidate.compareTo(bound) >= 0);
        return candidate;
    }

    /** True with probability numerator/denominator (0 <= numerator <= denominator). */
    boolean bernoulli(BigInteger numerator, BigInteger denominator) {
        return uniform(denominator).compareTo(numerator) < 0;
    }

    /** True with probability exp(-numerator/denominator), for any non-negative rational. */
    boolean bernoulliExp(BigInteger numerator, BigInteger denominator) {
        // exp(-g) = exp(-1)^floor(g) * exp(-(g - floor(g))): one coin per whole unit, then the rest.
        BigInteger[] whole = numerator.divideAndRemainder(denominator);
        for (BigInteger i = BigInteger.ZERO; i.compareTo(whole[0]) < 0; i = i.add(BigInteger.ONE)) {
            if (!bernoulliExpAtMostOne(BigInteger.ONE, BigInteger.ONE)) {
                return false;
            }
        }
        return bernoulliExpAtMostOne(whole[1], denominator);
    }

    /** Algorithm 1 for 0 <= g = numerator/denominator <= 1. */
    private boolean bernoulliExpAtMostOne(BigInteger numerator, BigInteger denominator) {
        BigInteger k = BigInteger.ONE;
        while (bernoulli(numerator, denominator.multiply(k))) {
            k = k.add(BigInteger.ONE);
        }
        return k.testBit(0); // odd
    }

    /**
     * Algorithm 2: an integer Y with P(Y = y) proportional to exp(-|y| / scale), where
     * scale = scaleNumerator / scaleDenominator.
     */
    BigInteger discreteLaplace(BigInteger scaleNumerator, BigInteger scaleDenominator) {
        BigInteger t = scaleNumerator;
        BigInteger s = scaleDenominator;
        while (true) {
            BigInteger u = uniform(t);
            if (!bernoulliExp(u, t)) {
                continue;
            }
            BigInteger v = BigInteger.ZERO;
            while (bernoulliExp(BigInteger.ONE, BigInteger.ONE)) {
                v = v.add(BigInteger.ONE);
            }
            BigInteger x = u.add(t.multiply(v));
            BigInteger y = x.divide(s);
            boolean negative = random.nextBoolean();
            if (negative && y.signum() == 0) {
                continue;
            }
            return negative ? y.negate() : y;
        }
    }
}
