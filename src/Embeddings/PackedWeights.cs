using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace OrleansSearch.Embeddings;

/// <summary>
/// A dense layer's weight matrix, re-laid out once at load time for the matrix product that dominates encoding.
/// The [in × out] row-major matrix is cut into panels of 16 output columns, each stored as [in × 16]
/// contiguously, so a product streams each panel sequentially (the hardware prefetcher keeps up).
/// <para>
/// The product keeps a block of <see cref="RowBlock"/> input rows × 16 or 32 output columns in twelve SIMD
/// registers while it streams the panel(s): per input feature, one weight load per register width serves all
/// six rows, and each row's feature is broadcast once for all columns. With AVX-512 (32 registers, 16 floats
/// each) a block spans two adjacent panels; otherwise one panel in two 8-float halves. Rows left over after
/// the blocks go one at a time. Every output element is the same chain — start from bias (plus the old output
/// when accumulating), then one fused multiply-add per input feature in order — whichever kernel or vector
/// width computes it, so results do not depend on how many rows are multiplied together.
/// </para>
/// </summary>
internal sealed class PackedWeights
{
    /// <summary>Output columns per panel; output widths must be a multiple of two panels.</summary>
    public const int PanelWidth = 16;

    /// <summary>Input rows that share each weight load in the blocked kernels.</summary>
    public const int RowBlock = 6;

    private readonly float[] _panels;

    public PackedWeights(float[] rowMajor, int inWidth, int outWidth)
    {
        if (inWidth <= 0 || outWidth <= 0 || outWidth % (2 * PanelWidth) != 0 || rowMajor.Length != inWidth * outWidth)
        {
            throw new ArgumentException($"A {inWidth} x {outWidth} weight matrix cannot be packed: the output width must be a positive multiple of {2 * PanelWidth} and the matrix must hold {inWidth * outWidth} values.", nameof(rowMajor));
        }

        InWidth = inWidth;
        OutWidth = outWidth;
        _panels = new float[rowMajor.Length];
        for (int panel = 0; panel < outWidth / PanelWidth; panel++)
        {
            for (int i = 0; i < inWidth; i++)
            {
                rowMajor.AsSpan(i * outWidth + panel * PanelWidth, PanelWidth).CopyTo(_panels.AsSpan((panel * inWidth + i) * PanelWidth, PanelWidth));
            }
        }
    }

    public int InWidth { get; }

    public int OutWidth { get; }

    /// <summary>Panel <paramref name="panel"/>: weight [i, panel·16 + c] at index i·16 + c.</summary>
    internal ReadOnlySpan<float> Panel(int panel) => _panels.AsSpan(panel * InWidth * PanelWidth, InWidth * PanelWidth);

    /// <summary>
    /// output[t, :] = (accumulate ? output[t, :] : 0) + bias + input[t, :] · W for <paramref name="rows"/> rows;
    /// input is [rows × InWidth], output [rows × OutWidth], both row-major.
    /// </summary>
    public void Multiply(ReadOnlySpan<float> input, int rows, ReadOnlySpan<float> bias, Span<float> output, bool accumulate)
    {
        if (rows < 0 || input.Length < rows * InWidth || output.Length < rows * OutWidth || bias.Length != OutWidth)
        {
            throw new ArgumentException($"Multiply needs {rows * InWidth} inputs, {OutWidth} biases and room for {rows * OutWidth} outputs.");
        }

        ref float inputs = ref MemoryMarshal.GetReference(input);
        ref float outputs = ref MemoryMarshal.GetReference(output);
        ref float biases = ref MemoryMarshal.GetReference(bias);
        int blocked = rows - rows % RowBlock;
        bool wide = Vector512.IsHardwareAccelerated;
        for (int panel = 0; panel < OutWidth / PanelWidth; panel += wide ? 2 : 1)
        {
            ref float weights = ref _panels[panel * InWidth * PanelWidth];
            int column = panel * PanelWidth;
            for (int row = 0; row < blocked; row += RowBlock)
            {
                ref float blockInput = ref Unsafe.Add(ref inputs, row * InWidth);
                ref float blockOutput = ref Unsafe.Add(ref outputs, row * OutWidth + column);
                if (wide)
                {
                    MultiplyBlockAcrossTwoPanels(ref weights, ref blockInput, ref blockOutput, ref Unsafe.Add(ref biases, column), accumulate);
                }
                else
                {
                    MultiplyBlock(ref weights, ref blockInput, ref blockOutput, ref Unsafe.Add(ref biases, column), accumulate);
                }
            }

            for (int row = blocked; row < rows; row++)
            {
                for (int half = 0; half < (wide ? 2 : 1); half++)
                {
                    MultiplyRow(ref Unsafe.Add(ref weights, half * InWidth * PanelWidth), ref Unsafe.Add(ref inputs, row * InWidth),
                        ref Unsafe.Add(ref outputs, row * OutWidth + column + half * PanelWidth), ref Unsafe.Add(ref biases, column + half * PanelWidth), accumulate);
                }
            }
        }
    }

    /// <summary>6 rows × 32 columns (panels p and p + 1) in twelve 16-float registers.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void MultiplyBlockAcrossTwoPanels(ref float weights, ref float input, ref float output, ref float bias, bool accumulate)
    {
        int inWidth = InWidth;
        nuint outWidth = (nuint)OutWidth;
        ref float second = ref Unsafe.Add(ref weights, inWidth * PanelWidth);
        Vector512<float> bias0 = Vector512.LoadUnsafe(ref bias);
        Vector512<float> bias1 = Vector512.LoadUnsafe(ref bias, PanelWidth);
        Vector512<float> a00 = Start(ref output, 0, bias0, accumulate), a01 = Start(ref output, PanelWidth, bias1, accumulate);
        Vector512<float> a10 = Start(ref output, outWidth, bias0, accumulate), a11 = Start(ref output, outWidth + PanelWidth, bias1, accumulate);
        Vector512<float> a20 = Start(ref output, 2 * outWidth, bias0, accumulate), a21 = Start(ref output, 2 * outWidth + PanelWidth, bias1, accumulate);
        Vector512<float> a30 = Start(ref output, 3 * outWidth, bias0, accumulate), a31 = Start(ref output, 3 * outWidth + PanelWidth, bias1, accumulate);
        Vector512<float> a40 = Start(ref output, 4 * outWidth, bias0, accumulate), a41 = Start(ref output, 4 * outWidth + PanelWidth, bias1, accumulate);
        Vector512<float> a50 = Start(ref output, 5 * outWidth, bias0, accumulate), a51 = Start(ref output, 5 * outWidth + PanelWidth, bias1, accumulate);
        ref float input1 = ref Unsafe.Add(ref input, inWidth);
        ref float input2 = ref Unsafe.Add(ref input, 2 * inWidth);
        ref float input3 = ref Unsafe.Add(ref input, 3 * inWidth);
        ref float input4 = ref Unsafe.Add(ref input, 4 * inWidth);
        ref float input5 = ref Unsafe.Add(ref input, 5 * inWidth);
        for (int i = 0; i < inWidth; i++)
        {
            Vector512<float> w0 = Vector512.LoadUnsafe(ref weights, (nuint)(i * PanelWidth));
            Vector512<float> w1 = Vector512.LoadUnsafe(ref second, (nuint)(i * PanelWidth));
            Vector512<float> x = Vector512.Create(Unsafe.Add(ref input, i));
            a00 = Vector512.FusedMultiplyAdd(w0, x, a00);
            a01 = Vector512.FusedMultiplyAdd(w1, x, a01);
            x = Vector512.Create(Unsafe.Add(ref input1, i));
            a10 = Vector512.FusedMultiplyAdd(w0, x, a10);
            a11 = Vector512.FusedMultiplyAdd(w1, x, a11);
            x = Vector512.Create(Unsafe.Add(ref input2, i));
            a20 = Vector512.FusedMultiplyAdd(w0, x, a20);
            a21 = Vector512.FusedMultiplyAdd(w1, x, a21);
            x = Vector512.Create(Unsafe.Add(ref input3, i));
            a30 = Vector512.FusedMultiplyAdd(w0, x, a30);
            a31 = Vector512.FusedMultiplyAdd(w1, x, a31);
            x = Vector512.Create(Unsafe.Add(ref input4, i));
            a40 = Vector512.FusedMultiplyAdd(w0, x, a40);
            a41 = Vector512.FusedMultiplyAdd(w1, x, a41);
            x = Vector512.Create(Unsafe.Add(ref input5, i));
            a50 = Vector512.FusedMultiplyAdd(w0, x, a50);
            a51 = Vector512.FusedMultiplyAdd(w1, x, a51);
        }

        a00.StoreUnsafe(ref output);
        a01.StoreUnsafe(ref output, PanelWidth);
        a10.StoreUnsafe(ref output, outWidth);
        a11.StoreUnsafe(ref output, outWidth + PanelWidth);
        a20.StoreUnsafe(ref output, 2 * outWidth);
        a21.StoreUnsafe(ref output, 2 * outWidth + PanelWidth);
        a30.StoreUnsafe(ref output, 3 * outWidth);
        a31.StoreUnsafe(ref output, 3 * outWidth + PanelWidth);
        a40.StoreUnsafe(ref output, 4 * outWidth);
        a41.StoreUnsafe(ref output, 4 * outWidth + PanelWidth);
        a50.StoreUnsafe(ref output, 5 * outWidth);
        a51.StoreUnsafe(ref output, 5 * outWidth + PanelWidth);
    }

    /// <summary>6 rows × 16 columns (one panel) in twelve 8-float registers.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void MultiplyBlock(ref float weights, ref float input, ref float output, ref float bias, bool accumulate)
    {
        int inWidth = InWidth;
        nuint outWidth = (nuint)OutWidth;
        Vector256<float> bias0 = Vector256.LoadUnsafe(ref bias);
        Vector256<float> bias1 = Vector256.LoadUnsafe(ref bias, 8);
        Vector256<float> a00 = Start(ref output, 0, bias0, accumulate), a01 = Start(ref output, 8, bias1, accumulate);
        Vector256<float> a10 = Start(ref output, outWidth, bias0, accumulate), a11 = Start(ref output, outWidth + 8, bias1, accumulate);
        Vector256<float> a20 = Start(ref output, 2 * outWidth, bias0, accumulate), a21 = Start(ref output, 2 * outWidth + 8, bias1, accumulate);
        Vector256<float> a30 = Start(ref output, 3 * outWidth, bias0, accumulate), a31 = Start(ref output, 3 * outWidth + 8, bias1, accumulate);
        Vector256<float> a40 = Start(ref output, 4 * outWidth, bias0, accumulate), a41 = Start(ref output, 4 * outWidth + 8, bias1, accumulate);
        Vector256<float> a50 = Start(ref output, 5 * outWidth, bias0, accumulate), a51 = Start(ref output, 5 * outWidth + 8, bias1, accumulate);
        ref float input1 = ref Unsafe.Add(ref input, inWidth);
        ref float input2 = ref Unsafe.Add(ref input, 2 * inWidth);
        ref float input3 = ref Unsafe.Add(ref input, 3 * inWidth);
        ref float input4 = ref Unsafe.Add(ref input, 4 * inWidth);
        ref float input5 = ref Unsafe.Add(ref input, 5 * inWidth);
        for (int i = 0; i < inWidth; i++)
        {
            Vector256<float> w0 = Vector256.LoadUnsafe(ref weights, (nuint)(i * PanelWidth));
            Vector256<float> w1 = Vector256.LoadUnsafe(ref weights, (nuint)(i * PanelWidth + 8));
            Vector256<float> x = Vector256.Create(Unsafe.Add(ref input, i));
            a00 = Vector256.FusedMultiplyAdd(w0, x, a00);
            a01 = Vector256.FusedMultiplyAdd(w1, x, a01);
            x = Vector256.Create(Unsafe.Add(ref input1, i));
            a10 = Vector256.FusedMultiplyAdd(w0, x, a10);
            a11 = Vector256.FusedMultiplyAdd(w1, x, a11);
            x = Vector256.Create(Unsafe.Add(ref input2, i));
            a20 = Vector256.FusedMultiplyAdd(w0, x, a20);
            a21 = Vector256.FusedMultiplyAdd(w1, x, a21);
            x = Vector256.Create(Unsafe.Add(ref input3, i));
            a30 = Vector256.FusedMultiplyAdd(w0, x, a30);
            a31 = Vector256.FusedMultiplyAdd(w1, x, a31);
            x = Vector256.Create(Unsafe.Add(ref input4, i));
            a40 = Vector256.FusedMultiplyAdd(w0, x, a40);
            a41 = Vector256.FusedMultiplyAdd(w1, x, a41);
            x = Vector256.Create(Unsafe.Add(ref input5, i));
            a50 = Vector256.FusedMultiplyAdd(w0, x, a50);
            a51 = Vector256.FusedMultiplyAdd(w1, x, a51);
        }

        a00.StoreUnsafe(ref output);
        a01.StoreUnsafe(ref output, 8);
        a10.StoreUnsafe(ref output, outWidth);
        a11.StoreUnsafe(ref output, outWidth + 8);
        a20.StoreUnsafe(ref output, 2 * outWidth);
        a21.StoreUnsafe(ref output, 2 * outWidth + 8);
        a30.StoreUnsafe(ref output, 3 * outWidth);
        a31.StoreUnsafe(ref output, 3 * outWidth + 8);
        a40.StoreUnsafe(ref output, 4 * outWidth);
        a41.StoreUnsafe(ref output, 4 * outWidth + 8);
        a50.StoreUnsafe(ref output, 5 * outWidth);
        a51.StoreUnsafe(ref output, 5 * outWidth + 8);
    }

    /// <summary>One row × 16 columns (one panel).</summary>
    private void MultiplyRow(ref float weights, ref float input, ref float output, ref float bias, bool accumulate)
    {
        Vector256<float> a0 = Start(ref output, 0, Vector256.LoadUnsafe(ref bias), accumulate);
        Vector256<float> a1 = Start(ref output, 8, Vector256.LoadUnsafe(ref bias, 8), accumulate);
        for (int i = 0; i < InWidth; i++)
        {
            Vector256<float> x = Vector256.Create(Unsafe.Add(ref input, i));
            a0 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref weights, (nuint)(i * PanelWidth)), x, a0);
            a1 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref weights, (nuint)(i * PanelWidth + 8)), x, a1);
        }

        a0.StoreUnsafe(ref output);
        a1.StoreUnsafe(ref output, 8);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> Start(ref float output, nuint offset, Vector256<float> bias, bool accumulate) =>
        accumulate ? Vector256.LoadUnsafe(ref output, offset) + bias : bias;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> Start(ref float output, nuint offset, Vector512<float> bias, bool accumulate) =>
        accumulate ? Vector512.LoadUnsafe(ref output, offset) + bias : bias;
}
