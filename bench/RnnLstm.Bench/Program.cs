using static TorchSharp.torch;
var t = ones(2, 2);
Console.WriteLine(t.sum().item<float>());
