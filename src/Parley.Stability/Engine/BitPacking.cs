using System.Numerics;
using System.Runtime.Intrinsics.X86;

namespace Parley.Stability.Engine;

/// <summary>Packs the bits of a value selected by a mask into the low bits (parallel bit extract).</summary>
internal static class BitPacking
{
    public static ulong Extract(ulong value, ulong mask)
    {
        if (Bmi2.X64.IsSupported) return Bmi2.X64.ParallelBitExtract(value, mask);
        ulong result = 0;
        var bit = 0;
        while (mask != 0)
        {
            var low = mask & (~mask + 1);
            if ((value & low) != 0) result |= 1UL << bit;
            bit++;
            mask &= mask - 1;
        }
        return result;
    }

    public static int Width(ulong mask) => BitOperations.PopCount(mask);
}
