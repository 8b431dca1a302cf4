package liop.node.privacy;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.math.RoundingMode;
import java.security.SecureRandom;

/**
 * Laplace noise for released numbers, generated safely (see {@link ExactSampler}).
 *
 * <ul>
 *   <li>Integers (counts) get discrete Laplace noise: the result is an integer whatever the true
 *       value, so nothing about the true value shows in which results are possible.
 *   <li>Other numbers are first snapped to a grid of granularity {@code g} (a power of two, about
 *       2^-40 of the scale), then get g times discrete Laplace noise of scale {@code scale / g}: the
 *       result is always on the grid, the noise is Laplace to within the grid, and again the set of
 *       possible results does not depend on the true value.
 * </ul>
 *
 * Scale = sensitivity / epsilon. Thread-safe.
 */
public final class SecureNoise {

    /** Results are rounded to this many bits below the scale: fine enough to be invisible. */
    private static final int GRID_BITS_BELOW_SCALE = 40;
    private static final BigInteger RATIONAL_DENOMINATOR = BigInteger.TEN.pow(9);

    private final ExactSampler sampler;

    public SecureNoise(SecureRandom random) {
        this.sampler = new ExactSampler(random);
    }

    public SecureNoise() {
        this(new SecureRandom());
    }

    /** {@code value} plus discrete Laplace noise of scale {@code sensitivity / epsilon}. */
    public synchronized long noisyInteger(long value, double sensitivity, double epsilon) {
        requirePositive(sensitivity, epsilon);
        BigInteger[] scale = rational(sensitivity / epsilon);
        return BigInteger.valueOf(value).add(sampler.discreteLaplace(scale[0], scale[1])).longValueExact();
    }

    /** {@code value} snapped to a fine grid plus Laplace noise of scale {@code sensitivity / epsilon}, on that grid. */
    public synchronized double noisyReal(double value, double sensitivity, double epsilon) {
        requirePositive(sensitivity, epsilon);
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException("only finite numbers can be released with noise, got " + value);
        }
        double scale = sensitivity / epsilon;
        int exponent = Math.getExponent(scale) - GRID_BITS_BELOW_SCALE;
        BigDecimal grid = exponent >= 0 ? new BigDecimal(BigInteger.TWO.pow(exponent)) : BigDecimal.ONE.divide(new BigDecimal(BigInteger.TWO.pow(-exponent)));
        BigInteger snapped = new BigDecimal(value).divide(grid, MathContext.DECIMAL128).setScale(0, RoundingMode.HALF_EVEN).toBigInteger();
        // scale / grid is exactly scale * 2^-exponent: a rational with a power-of-two denominator.
        BigDecimal scaleInGrid = new BigDecimal(scale).divide(grid, MathContext.DECIMAL128);
        BigInteger[] ratio = rational(scaleInGrid);
        BigInteger noisy = snapped.add(sampler.discreteLaplace(ratio[0], ratio[1]));
        return new BigDecimal(noisy).multiply(grid).doubleValue();
    }

    private static void requirePositive(double sensitivity, double epsilon) {
        if (!(sensitivity > 0) || !(epsilon > 0) || !Double.isFinite(sensitivity) || !Double.isFinite(epsilon)) {
            throw new IllegalArgumentException("sensitivity and epsilon must be positive and finite, got " + sensitivity + " and " + epsilon);
        }
    }

    private static BigInteger[] rational(double x) {
        return rational(new BigDecimal(x));
    }

    /** x as numerator/denominator, to 9 decimals (and never zero). */
    private static BigInteger[] rational(BigDecimal x) {
        BigInteger numerator = x.multiply(new BigDecimal(RATIONAL_DENOMINATOR)).setScale(0, RoundingMode.CEILING).toBigInteger();
        return new BigInteger[] {numerator.max(BigInteger.ONE), RATIONAL_DENOMINATOR};
    }
}
