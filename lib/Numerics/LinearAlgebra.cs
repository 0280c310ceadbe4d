using System.Numerics.Tensors;

namespace RnnLstm.Numerics;

/// <summary>
/// The little dense linear algebra an echo state network needs: the spectral radius of a square matrix, a
/// Cholesky solve, and ridge regression. Row-major float64 throughout; sizes are small (hundreds).
/// </summary>
public static class LinearAlgebra
{
    /// <summary>
    /// The spectral radius ρ(A) = max |λᵢ| of a square matrix, by repeated squaring and Gelfand's formula.
    /// </summary>
    /// <param name="a">A, [n, n] row-major.</param>
    /// <param name="n">n.</param>
    /// <param name="squarings">J: the estimate is ‖A^k‖_F^(1/k) with k = 2^J.</param>
    /// <remarks>
    /// <para>Gelfand: ρ(A) = lim ‖A^k‖^(1/k). For any k, ρ^k ≤ ‖A^k‖_F ≤ √n · κ · ρ^k (κ: condition number of the
    /// eigenvector matrix), so the estimate lies in [ρ, ρ (√n κ)^(1/k)]: with k = 2^14 = 16,384, even κ = 10⁶ and
    /// n = 1,000 leave it within 0.11% above ρ. Power iteration on a vector would be cheaper, but a random real
    /// matrix's largest eigenvalues are usually a complex pair, around which a vector rotates instead of converging.</para>
    /// <para>To avoid overflow each power is kept as exp(L_j) · B_j with ‖B_j‖_F = 1:
    /// <c>L_{j+1} = 2 L_j + log ‖B_j²‖_F</c>, <c>B_{j+1} = B_j² / ‖B_j²‖_F</c>, and ρ ≈ exp(L_J / 2^J).
    /// Cost: J matrix products, O(J n³).</para>
    /// </remarks>
    public static double SpectralRadius(ReadOnlySpan<double> a, int n, int squarings = 14)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(n);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(squarings);
        if (a.Length != n * n) throw new ArgumentException($"a has {a.Length} values; an {n}×{n} matrix has {n * n}.", nameof(a));
        var b = a.ToArray();
        var square = new double[n * n];
        double norm = TensorPrimitives.Norm<double>(b);
        if (norm == 0) return 0;
        TensorPrimitives.Divide(b, norm, b);
        double log = Math.Log(norm);                                   // L_0
        for (int j = 0; j < squarings; j++)
        {
            Array.Clear(square);
            MatMul.AddProduct<double>(b, b, square, n, n, n);          // B_j²
            norm = TensorPrimitives.Norm<double>(square);
            if (norm == 0) return 0;                                   // nilpotent: every eigenvalue is 0
            log = 2 * log + Math.Log(norm);                            // L_{j+1}
            TensorPrimitives.Divide(square, norm, b);                  // B_{j+1}
        }
        return Math.Exp(log / Math.Pow(2, squarings));
    }

    /// <summary>
    /// Solves A X = B for a symmetric positive definite A by Cholesky factorization A = L Lᵀ, in place.
    /// </summary>
    /// <param name="a">A, [n, n]; overwritten by L (lower triangle).</param>
    /// <param name="b">B, [n, m] (m right-hand sides as columns); overwritten by X.</param>
    /// <param name="n">n.</param>
    /// <param name="m">m.</param>
    /// <remarks>
    /// <code>
    /// L_jj = √(A_jj - Σ_{k&lt;j} L_jk²),   L_ij = (A_ij - Σ_{k&lt;j} L_ik L_jk) / L_jj   (i &gt; j)
    /// L y = b (forward substitution), then Lᵀ x = y (back substitution)
    /// </code>
    /// Half the work of an LU solve and no pivoting needed: positive definiteness keeps every L_jj real and nonzero.
    /// </remarks>
    /// <exception cref="ArgumentException">A is not (numerically) positive definite.</exception>
    public static void CholeskySolve(Span<double> a, Span<double> b, int n, int m = 1)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(n);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(m);
        if (a.Length != n * n) throw new ArgumentException($"a has {a.Length} values; an {n}×{n} matrix has {n * n}.", nameof(a));
        if (b.Length != n * m) throw new ArgumentException($"b has {b.Length} values; [{n}, {m}] needs {n * m}.", nameof(b));
        for (int j = 0; j < n; j++)
        {
            var rowJ = a.Slice(j * n, j);
            double diagonal = a[j * n + j] - TensorPrimitives.Dot<double>(rowJ, rowJ);
            if (!(diagonal > 0))
                throw new ArgumentException($"The matrix is not positive definite (pivot {j} is {diagonal:G3}); add a ridge term.", nameof(a));
            double ljj = Math.Sqrt(diagonal);
            a[j * n + j] = ljj;
            for (int i = j + 1; i < n; i++)
                a[i * n + j] = (a[i * n + j] - TensorPrimitives.Dot<double>(a.Slice(i * n, j), rowJ)) / ljj;
        }
        for (int c = 0; c < m; c++)
        {
            for (int i = 0; i < n; i++)                                // L y = b
            {
                double sum = b[i * m + c];
                for (int k = 0; k < i; k++) sum -= a[i * n + k] * b[k * m + c];
                b[i * m + c] = sum / a[i * n + i];
            }
            for (int i = n - 1; i >= 0; i--)                           // Lᵀ x = y
            {
                double sum = b[i * m + c];
                for (int k = i + 1; k < n; k++) sum -= a[k * n + i] * b[k * m + c];
                b[i * m + c] = sum / a[i * n + i];
            }
        }
    }

    /// <summary>
    /// Ridge regression: the W that minimizes ‖X W - Y‖² + λ ‖W‖², i.e. W = (XᵀX + λI)⁻¹ XᵀY.
    /// </summary>
    /// <param name="x">X, [rows, cols] (one sample per row; add a column of ones for an intercept).</param>
    /// <param name="y">Y, [rows, outputs].</param>
    /// <param name="lambda">λ ≥ 0. It keeps XᵀX + λI positive definite when features are nearly collinear, as
    /// reservoir states are, and shrinks weights that would only fit noise.</param>
    /// <returns>W, [cols, outputs].</returns>
    public static double[] Ridge(ReadOnlySpan<double> x, ReadOnlySpan<double> y, int rows, int cols, int outputs, double lambda)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(rows);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(cols);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(outputs);
        if (!(lambda >= 0) || double.IsInfinity(lambda)) throw new ArgumentOutOfRangeException(nameof(lambda), lambda, "λ must be finite and non-negative.");
        if (x.Length != rows * cols) throw new ArgumentException($"x has {x.Length} values; [{rows}, {cols}] needs {rows * cols}.", nameof(x));
        if (y.Length != rows * outputs) throw new ArgumentException($"y has {y.Length} values; [{rows}, {outputs}] needs {rows * outputs}.", nameof(y));
        var gram = new double[cols * cols];
        MatMul.AddTransposedProduct(x, x, gram, cols, cols, rows);     // XᵀX
        for (int i = 0; i < cols; i++) gram[i * cols + i] += lambda;    // + λI
        var w = new double[cols * outputs];
        MatMul.AddTransposedProduct(x, y, w, cols, outputs, rows);     // XᵀY
        CholeskySolve(gram, w, cols, outputs);
        return w;
    }
}
