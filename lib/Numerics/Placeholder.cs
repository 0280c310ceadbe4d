namespace RnnLstm.Numerics;
internal static class Placeholder { }
