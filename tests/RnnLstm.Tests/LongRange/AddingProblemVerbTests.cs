using System.Text.Json;
using RnnLstm.Tests.Notebooks;

namespace RnnLstm.Tests.LongRange;

/// <summary>The <c>adding-problem</c> verb, run as a user runs it.</summary>
[Collection(NotebookCollection.Name)]
public sealed class AddingProblemVerbTests(RnnLstmTool tool)
{
    [Fact]
    public void Json_reports_solved_sequences_seen_test_accuracy_and_wall_time()
    {
        var run = tool.Run("adding-problem", "--method", "gru", "--length", "10", "--budget", "1000", "--seed", "3", "--json");
        Assert.True(run.ExitCode == 0, run.All);
        var json = JsonDocument.Parse(run.Output).RootElement;
        Assert.False(json.GetProperty("solved").GetBoolean());              // 1,000 sequences are too few
        Assert.Equal(1000, json.GetProperty("sequences_seen").GetInt64());
        Assert.InRange(json.GetProperty("test_accuracy").GetDouble(), 0.0, 1.0);
        Assert.True(json.GetProperty("wall_time_s").GetDouble() > 0);
        Assert.Equal("gru", json.GetProperty("method").GetString());
        Assert.Equal(3, json.GetProperty("seed").GetInt32());
    }

    [Fact]
    public void Momentum_and_the_designed_esn_run_from_the_command_line_and_say_what_they_are()
    {
        var momentum = tool.Run("adding-problem", "--method", "momentum", "--length", "10", "--budget", "300", "--json");
        Assert.True(momentum.ExitCode == 0, momentum.All);
        var json = JsonDocument.Parse(momentum.Output).RootElement;
        Assert.Equal("momentum", json.GetProperty("method").GetString());
        Assert.Contains("sparse init (ρ=1.1", json.GetProperty("settings").GetString());
        Assert.Equal(1.0 - json.GetProperty("test_accuracy").GetDouble(), json.GetProperty("test_error_rate").GetDouble(), 12);
        Assert.Equal(3, json.GetProperty("updates").GetInt64());                       // 300 sequences in batches of 100
        Assert.Equal(300, json.GetProperty("sequences_seen").GetInt64());
        Assert.Contains("Nesterov η=0.0002", json.GetProperty("settings").GetString());
        Assert.Contains("η = 2E-05", json.GetProperty("settings").GetString());                // the final phase: a tenth
        var checkpoint = json.GetProperty("checkpoints")[0];
        Assert.True(checkpoint.GetProperty("median_gradient_norm").GetDouble() > 0);
        Assert.InRange(checkpoint.GetProperty("clipped_share").GetDouble(), 0.0, 1.0);
        var faster = tool.Run("adding-problem", "--method", "momentum", "--length", "10", "--budget", "100", "--learning-rate", "0.001", "--json");
        Assert.Contains("η = 0.0001", JsonDocument.Parse(faster.Output).RootElement.GetProperty("settings").GetString()); // a tenth of the given η
        var own = tool.Run("adding-problem", "--method", "momentum", "--length", "10", "--budget", "100", "--learning-rate", "0.001", "--final-learning-rate", "0.0003", "--json");
        Assert.Contains("η = 0.0003", JsonDocument.Parse(own.Output).RootElement.GetProperty("settings").GetString());

        var esn = tool.Run("adding-problem", "--method", "esn", "--length", "10", "--budget", "3000", "--json");
        Assert.True(esn.ExitCode == 0, esn.All);
        json = JsonDocument.Parse(esn.Output).RootElement;
        Assert.Contains("α=0.002", json.GetProperty("settings").GetString());
        Assert.True(json.GetProperty("solved").GetBoolean(), esn.Output);   // the designed reservoir solves T = 10 on its first fit
        Assert.Equal(3000, json.GetProperty("sequences_seen").GetInt64());
    }

    [Fact]
    public void A_leak_rate_above_one_is_a_usage_error_naming_the_flag()
    {
        var run = tool.Run("adding-problem", "--method", "esn", "--leak-rate", "2");
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--leak-rate must be in (0, 1]", run.Error);
    }

    [Fact]
    public void Hessian_free_runs_with_its_own_flags_and_a_bad_damping_is_a_usage_error()
    {
        var run = tool.Run("adding-problem", "--method", "hf", "--length", "10", "--budget", "600", "--hidden", "8", "--batch-size", "200",
            "--curvature-batch", "50", "--max-cg", "20", "--structural-damping", "0.1", "--json");
        Assert.True(run.ExitCode == 0, run.All);
        var json = JsonDocument.Parse(run.Output).RootElement;
        Assert.Equal("hf", json.GetProperty("method").GetString());
        Assert.Equal(600, json.GetProperty("sequences_seen").GetInt64());  // three updates of 200
        Assert.Contains("curvature batch 50", json.GetProperty("settings").GetString());
        Assert.Contains("μ=0.1", json.GetProperty("settings").GetString());

        var bad = tool.Run("adding-problem", "--method", "hf", "--damping", "0");
        Assert.Equal(2, bad.ExitCode);
        Assert.Contains("--damping", bad.Error);
    }

    [Fact]
    public void An_unknown_method_is_a_usage_error()
    {
        var run = tool.Run("adding-problem", "--method", "transformer");
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--method must be one of rnn, lstm, gru, irnn, esn", run.Error);
    }

    [Fact]
    public void Help_gives_each_methods_hidden_size_and_the_momentum_recipe_with_its_departures()
    {
        var run = tool.Run("help", "adding-problem");
        Assert.True(run.ExitCode == 0, run.All);
        Assert.Contains("(default 32; momentum, hf and irnn: 100)", run.Output);
        Assert.Contains("exactly 15 N(0,1) recurrent weights per unit", run.Output);
        Assert.Contains("input weights 0.001·N(0,1)", run.Output);
        Assert.Contains("the paper does not clip", run.Output);
    }
}
