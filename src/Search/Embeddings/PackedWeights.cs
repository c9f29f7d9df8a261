using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace OrleansSearch.Search.Embeddings;

/// <summary>
/// A dense layer's weight matrix, re-laid out once at load time for the matrix product that dominates encoding.
/// The [in × out] row-major matrix is cut into panels of 16 output columns, each stored as [in × 16]
/// contiguously. The product then keeps a 4-token × 16-column block of outputs in eight SIMD registers while
/// it streams one panel: two loads and eight fused multiply-adds per input feature, instead of a load, an FMA
/// and a store of the output per element, which is what a per-row TensorPrimitives.MultiplyAdd costs. The
/// packed panel is read once per 4 tokens and sequentially, so the hardware prefetcher keeps up.
/// </summary>
internal sealed class PackedWeights
{
    private const int PanelWidth = 16;
    private const int TokenBlock = 4;

    private readonly float[] _panels;

    public PackedWeights(float[] rowMajor, int inWidth, int outWidth)
    {
        if (outWidth % PanelWidth != 0 || rowMajor.Length != inWidth * outWidth)
        {
            throw new ArgumentException($"A {inWidth} x {outWidth} weight matrix cannot be packed: the output width must be a multiple of {PanelWidth} and the matrix must hold {inWidth * outWidth} values.", nameof(rowMajor));
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

    /// <summary>
    /// output[t, :] = (accumulate ? output[t, :] : 0) + bias + input[t, :] · W for <paramref name="rows"/> rows;
    /// input is [rows × InWidth], output [rows × OutWidth], both row-major.
    /// </summary>
    public void Multiply(ReadOnlySpan<float> input, int rows, ReadOnlySpan<float> bias, Span<float> output, bool accumulate)
    {
        if (input.Length < rows * InWidth || output.Length < rows * OutWidth || bias.Length != OutWidth)
        {
            throw new ArgumentException($"Multiply needs {rows * InWidth} inputs, {OutWidth} biases and room for {rows * OutWidth} outputs.");
        }

        ref float inputs = ref MemoryMarshal.GetReference(input);
        ref float outputs = ref MemoryMarshal.GetReference(output);
        ref float biases = ref MemoryMarshal.GetReference(bias);
        for (int panel = 0; panel < OutWidth / PanelWidth; panel++)
        {
            ref float weights = ref _panels[panel * InWidth * PanelWidth];
            int column = panel * PanelWidth;
            int row = 0;
            for (; row + TokenBlock <= rows; row += TokenBlock)
            {
                MultiplyBlock(ref weights, ref Unsafe.Add(ref inputs, row * InWidth), ref Unsafe.Add(ref outputs, row * OutWidth + column), ref Unsafe.Add(ref biases, column), accumulate);
            }

            for (; row < rows; row++)
            {
                MultiplyRow(ref weights, ref Unsafe.Add(ref inputs, row * InWidth), ref Unsafe.Add(ref outputs, row * OutWidth + column), ref Unsafe.Add(ref biases, column), accumulate);
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void MultiplyBlock(ref float weights, ref float input, ref float output, ref float bias, bool accumulate)
    {
        int inWidth = InWidth;
        int outWidth = OutWidth;
        Vector256<float> bias0 = Vector256.LoadUnsafe(ref bias);
        Vector256<float> bias1 = Vector256.LoadUnsafe(ref bias, 8);
        Vector256<float> a00 = Start(ref output, 0, bias0, accumulate), a01 = Start(ref output, 8, bias1, accumulate);
        Vector256<float> a10 = Start(ref output, (nuint)outWidth, bias0, accumulate), a11 = Start(ref output, (nuint)outWidth + 8, bias1, accumulate);
        Vector256<float> a20 = Start(ref output, (nuint)(2 * outWidth), bias0, accumulate), a21 = Start(ref output, (nuint)(2 * outWidth) + 8, bias1, accumulate);
        Vector256<float> a30 = Start(ref output, (nuint)(3 * outWidth), bias0, accumulate), a31 = Start(ref output, (nuint)(3 * outWidth) + 8, bias1, accumulate);
        ref float input1 = ref Unsafe.Add(ref input, inWidth);
        ref float input2 = ref Unsafe.Add(ref input, 2 * inWidth);
        ref float input3 = ref Unsafe.Add(ref input, 3 * inWidth);
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
        }

        a00.StoreUnsafe(ref output);
        a01.StoreUnsafe(ref output, 8);
        a10.StoreUnsafe(ref output, (nuint)outWidth);
        a11.StoreUnsafe(ref output, (nuint)outWidth + 8);
        a20.StoreUnsafe(ref output, (nuint)(2 * outWidth));
        a21.StoreUnsafe(ref output, (nuint)(2 * outWidth) + 8);
        a30.StoreUnsafe(ref output, (nuint)(3 * outWidth));
        a31.StoreUnsafe(ref output, (nuint)(3 * outWidth) + 8);
    }

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
}
