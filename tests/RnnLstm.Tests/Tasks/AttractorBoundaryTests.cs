using RnnLstm.Tasks;
using Xunit.Abstractions;

namespace RnnLstm.Tests.Tasks;

public class AttractorBoundaryTests(ITestOutputHelper output)
{
    [Fact]
    public void The_gradient_of_the_final_state_with_respect_to_the_start_matches_finite_differences()
    {
        var unit = new AttractorBoundary(weight: 2.0, bias: 0.25);
        double[] starts = [-0.9, -0.3, unit.Unstable + 0.01, 0.2, 0.8];
        foreach (int steps in new[] { 1, 5, 12 })
        {
            var scan = unit.Scan(steps, starts);
            for (int i = 0; i < starts.Length; i++)
            {
                const double h = 1e-6;
                double up = unit.Scan(steps, [starts[i] + h]).Final[0], down = unit.Scan(steps, [starts[i] - h]).Final[0];
                double numeric = (up - down) / (2 * h);
                output.WriteLine($"T {steps}, h0 {starts[i]:F4}: BPTT {scan.Gradient[i]:E6}, finite difference {numeric:E6}");
                Assert.Equal(numeric, scan.Gradient[i], Math.Max(1e-7, 1e-5 * Math.Abs(numeric)));
            }
        }
    }

    [Fact]
    public void The_gradient_is_the_product_of_the_slopes_along_the_trajectory()
    {
        var unit = new AttractorBoundary(weight: 1.5, bias: -0.1);
        double h = 0.37, product = 1;
        for (int t = 0; t < 7; t++) { h = Math.Tanh(1.5 * h - 0.1); product *= 1.5 * (1 - h * h); }
        var scan = unit.Scan(7, [0.37]);
        Assert.Equal(h, scan.Final[0], 1e-14);
        Assert.Equal(product, scan.Gradient[0], 1e-12);
    }

    [Fact]
    public void Starts_in_the_basins_fall_onto_the_attractors_and_the_gradient_peaks_at_the_boundary_and_grows_with_T()
    {
        var unit = new AttractorBoundary();
        output.WriteLine($"attractors {unit.Low:F6} and {unit.High:F6}, boundary h* = {unit.Unstable:F6}, λ = {unit.BoundaryGrowth:F4}");
        Assert.True(unit.Low < unit.Unstable && unit.Unstable < unit.High);
        Assert.True(unit.BoundaryGrowth > 1 && unit.BasinFactor < 1);
        var grid = AttractorBoundary.Grid(-1, 1, 401);
        var scan = unit.Scan(30, grid);
        for (int i = 0; i < grid.Length; i++)
            if (Math.Abs(grid[i] - unit.Unstable) > 0.1)
                Assert.Equal(grid[i] < unit.Unstable ? unit.Low : unit.High, scan.Final[i], 1e-6);
        Assert.True(Math.Abs(scan.Peak.Start - unit.Unstable) < 0.01, $"peak at {scan.Peak.Start}");
        double boundary = unit.FindBoundary(20);
        Assert.Equal(unit.Unstable, boundary, 1e-9);
        double at10 = Math.Abs(unit.Scan(10, [boundary]).Gradient[0]), at20 = Math.Abs(unit.Scan(20, [boundary]).Gradient[0]);
        double growth = Math.Pow(at20 / at10, 1.0 / 10);
        output.WriteLine($"at the boundary: T 10 {at10:E3}, T 20 {at20:E3}, growth {growth:F4} per step");
        Assert.Equal(unit.BoundaryGrowth, growth, 1e-3);
        var starts = unit.StartsAround(count: 201);
        Assert.True(starts.Zip(starts.Skip(1)).All(p => p.First < p.Second), "starts must increase");
        int[] lengths = [5, 10, 20, 40];
        double[] peaks = [.. lengths.Select(T => unit.Scan(T, starts).Peak.Value)];
        output.WriteLine($"peaks over the starts: {string.Join(", ", peaks.Select(p => p.ToString("E2")))}");
        for (int i = 1; i < peaks.Length; i++)   // about λ^ΔT: 23x from T = 5 to 10, 5e5x from 10 to 20
            Assert.True(peaks[i] / peaks[i - 1] > 0.5 * Math.Pow(unit.BoundaryGrowth, lengths[i] - lengths[i - 1]), $"peak at T = {lengths[i]}: {peaks[i]:E2}");
        Assert.Throws<ArgumentException>(() => new AttractorBoundary(2.0, 2.0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new AttractorBoundary(0.5));
    }
}
