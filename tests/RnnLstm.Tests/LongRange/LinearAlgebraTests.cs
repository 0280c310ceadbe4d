using RnnLstm.Numerics;

namespace RnnLstm.Tests.LongRange;

public class LinearAlgebraTests
{
    /// <summary>Q·U·Qᵀ with Q orthogonal and U upper triangular: its eigenvalues are U's diagonal, whatever lies above it.
    /// The entries above the diagonal are of size 1/√n, about as non-normal as a random reservoir (far larger ones
    /// make the eigenvalues themselves ill-conditioned, so that rounding alone moves them).</summary>
    [Theory]
    [InlineData(5, 0.7)]
    [InlineData(30, 1.3)]
    [InlineData(80, 0.95)]
    public void Spectral_radius_of_a_non_normal_matrix_with_known_eigenvalues(int n, double radius)
    {
        var rng = new Rng(n);
        var u = new double[n * n];
        for (int i = 0; i < n; i++)
        {
            u[i * n + i] = rng.Uniform(-0.9, 0.9) * radius;
            for (int j = i + 1; j < n; j++) u[i * n + j] = rng.Uniform(-1, 1) / Math.Sqrt(n);
        }
        u[(n / 2) * n + n / 2] = -radius;                                     // the largest |λ|
        var a = Conjugate(u, n, rng);
        Assert.Equal(radius, LinearAlgebra.SpectralRadius(a, n), radius * 1e-3);
    }

    [Fact]
    public void Spectral_radius_of_a_complex_pair_where_power_iteration_would_rotate()
    {
        // Blocks [[a, -b], [b, a]] have eigenvalues a ± ib, |λ| = √(a² + b²).
        const int n = 6;
        double[] blocks = [0.3, 0.9, 0.6, 0.2, -0.1, 0.4];
        var u = new double[n * n];
        for (int k = 0; k < n; k += 2)
        {
            double re = blocks[k], im = blocks[k + 1];
            u[k * n + k] = re; u[k * n + k + 1] = -im;
            u[(k + 1) * n + k] = im; u[(k + 1) * n + k + 1] = re;
        }
        var a = Conjugate(u, n, new Rng(2));
        double expected = Math.Sqrt(0.3 * 0.3 + 0.9 * 0.9);
        Assert.Equal(expected, LinearAlgebra.SpectralRadius(a, n), expected * 1e-4);
    }

    [Fact]
    public void Spectral_radius_of_a_nilpotent_matrix_is_zero()
    {
        double[] a = [0, 1, 5, 0, 0, 2, 0, 0, 0];
        Assert.Equal(0.0, LinearAlgebra.SpectralRadius(a, 3));
    }

    [Fact]
    public void Cholesky_solves_a_positive_definite_system_and_refuses_an_indefinite_one()
    {
        double[] a = [4, 2, 0.4, 2, 5, 1, 0.4, 1, 3];
        double[] x = [1, -2, 0.5];
        var b = new double[3];
        for (int i = 0; i < 3; i++) for (int j = 0; j < 3; j++) b[i] += a[i * 3 + j] * x[j];
        LinearAlgebra.CholeskySolve((double[])a.Clone(), b, 3);
        for (int i = 0; i < 3; i++) Assert.Equal(x[i], b[i], 12);
        Assert.Throws<ArgumentException>(() => LinearAlgebra.CholeskySolve([1, 2, 2, 1], new double[2], 2));
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(0.1)]
    [InlineData(10.0)]
    public void Ridge_equals_a_direct_solve_of_the_normal_equations(double lambda)
    {
        const int rows = 12, cols = 4, outputs = 2;
        var x = TestMatrix(rows * cols, 1);
        var y = TestMatrix(rows * outputs, 2);
        var w = LinearAlgebra.Ridge(x, y, rows, cols, outputs, lambda);
        var expected = Closed.RidgeByGaussJordan(x, y, rows, cols, outputs, lambda);
        for (int k = 0; k < w.Length; k++) Assert.Equal(expected[k], w[k], 10);
        Assert.NotEqual(Closed.RidgeByGaussJordan(x, y, rows, cols, outputs, lambda + 1)[0], w[0], 6); // λ matters
    }

    private static double[] TestMatrix(int length, int seed)
    {
        var rng = new Rng(seed);
        return Enumerable.Range(0, length).Select(_ => rng.Uniform(-1, 1)).ToArray();
    }

    /// <summary>Q U Qᵀ for a random orthogonal Q (Qᵀ = Q⁻¹, so the eigenvalues are U's).</summary>
    private static double[] Conjugate(double[] u, int n, Rng rng)
    {
        var q = new double[n * n];
        Init.Orthogonal<double>(q, n, rng);
        var qu = new double[n * n];
        MatMul.AddProduct<double>(q, u, qu, n, n, n);
        var a = new double[n * n];
        MatMul.AddProductTransposed<double>(qu, q, a, n, n, n);
        return a;
    }
}

/// <summary>Reference answers computed the plain way, independently of the library's Cholesky path.</summary>
internal static class Closed
{
    /// <summary>w = (XᵀX + λI)⁻¹ XᵀY by Gauss–Jordan elimination with partial pivoting, written out in loops.</summary>
    public static double[] RidgeByGaussJordan(double[] x, double[] y, int rows, int cols, int outputs, double lambda)
    {
        int width = cols + outputs;
        var m = new double[cols, width];                              // [XᵀX + λI | XᵀY]
        for (int i = 0; i < cols; i++)
        {
            for (int j = 0; j < cols; j++)
            {
                double sum = i == j ? lambda : 0;
                for (int r = 0; r < rows; r++) sum += x[r * cols + i] * x[r * cols + j];
                m[i, j] = sum;
            }
            for (int o = 0; o < outputs; o++)
            {
                double sum = 0;
                for (int r = 0; r < rows; r++) sum += x[r * cols + i] * y[r * outputs + o];
                m[i, cols + o] = sum;
            }
        }
        for (int c = 0; c < cols; c++)
        {
            int pivot = c;
            for (int r = c + 1; r < cols; r++) if (Math.Abs(m[r, c]) > Math.Abs(m[pivot, c])) pivot = r;
            for (int k = 0; k < width; k++) (m[c, k], m[pivot, k]) = (m[pivot, k], m[c, k]);
            double d = m[c, c];
            for (int k = 0; k < width; k++) m[c, k] /= d;
            for (int r = 0; r < cols; r++)
            {
                if (r == c) continue;
                double f = m[r, c];
                for (int k = 0; k < width; k++) m[r, k] -= f * m[c, k];
            }
        }
        var w = new double[cols * outputs];
        for (int i = 0; i < cols; i++) for (int o = 0; o < outputs; o++) w[i * outputs + o] = m[i, cols + o];
        return w;
    }
}
