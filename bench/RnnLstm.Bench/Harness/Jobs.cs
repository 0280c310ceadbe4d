using System.Globalization;

namespace RnnLstm.Bench.Harness;

/// <summary>
/// The two whole jobs, with their data made once and shared by both sides.
/// </summary>
public static class Jobs
{
    /// <summary>
    /// Airline passengers (data/data.csv), as in the LSTM notebook: MinMax to [0,1] over the whole series, the first
    /// int(144*0.67)=96 points for training, look_back=1, so 94 samples x[i]=s[i] -> y[i]=s[i+1] (I=1, T=1).
    /// LSTM(4) + Linear(4,1), MSE, Adam lr 0.001, batch 1, 100 epochs, samples in fixed order (no shuffle).
    /// </summary>
    public const int AirlineEpochs = 100, AirlineHidden = 4;
    public const double AirlineLearningRate = 0.001;
    public const string AirlineText = "LSTM(1->4)+Linear(4,1), look_back=1 (I=1,T=1), 94 samples, batch 1, 100 epochs in fixed order, Adam lr 0.001, MSE";

    public static (float[] X, float[] Y) AirlineSamples(string csvPath)
    {
        var values = File.ReadLines(csvPath).Skip(1).Where(l => l.Length > 0)
            .Select(l => double.Parse(l.Split(',')[1], CultureInfo.InvariantCulture)).ToArray();
        double min = values.Min(), max = values.Max();
        var scaled = values.Select(v => (float)((v - min) / (max - min))).ToArray();
        int train = (int)(values.Length * 0.67);
        int n = train - 1 - 1; // len - look_back - 1, as in the tutorial
        var x = new float[n];
        var y = new float[n];
        for (int i = 0; i < n; i++) { x[i] = scaled[i]; y[i] = scaled[i + 1]; }
        return (x, y);
    }

    /// <summary>
    /// Binary addition (Trask's RNN notebook, adapted to what both libraries have): 2 inputs, 8 steps LSB first,
    /// operands 0..127; 16 hidden tanh units (TorchSharp's nn.RNN has tanh/relu only, so not Trask's sigmoid) +
    /// Linear(16,1) + sigmoid on every step, MSE over the 8 output bits, plain SGD lr 0.1, one example per update,
    /// 10,000 iterations. Examples drawn once from System.Random(0).
    /// </summary>
    public const int AdditionIterations = 10_000, AdditionBits = 8, AdditionHidden = 16;
    public const double AdditionLearningRate = 0.1;
    public const string AdditionText = "RNN(tanh, 2->16)+Linear(16,1)+sigmoid on each of 8 steps, MSE, SGD lr 0.1, 10,000 iterations of one example";

    /// <summary>x [n][8*1*2] time-major, y [n][8*1*1].</summary>
    public static (float[][] X, float[][] Y) AdditionExamples(int n)
    {
        var rng = new Random(0);
        var xs = new float[n][];
        var ys = new float[n][];
        for (int k = 0; k < n; k++)
        {
            int a = rng.Next(128), b = rng.Next(128), c = a + b;
            var x = new float[AdditionBits * 2];
            var y = new float[AdditionBits];
            for (int t = 0; t < AdditionBits; t++)
            {
                x[2 * t] = (a >> t) & 1;
                x[2 * t + 1] = (b >> t) & 1;
                y[t] = (c >> t) & 1;
            }
            xs[k] = x;
            ys[k] = y;
        }
        return (xs, ys);
    }

    /// <summary>Flops of one update (recurrent layer only, see <see cref="StepConfig.Flops"/>).</summary>
    public static double AirlineFlopsPerJob => AirlineEpochs * 94 * new StepConfig("airline", 1, AirlineHidden, 1, 1).Flops(CellKind.Lstm);
    public static double AdditionFlopsPerJob => AdditionIterations * new StepConfig("binary_addition", 2, AdditionHidden, AdditionBits, 1).Flops(CellKind.Rnn);
}
