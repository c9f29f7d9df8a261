using OrleansSearch.Embeddings;

namespace OrleansSearch.Search.Tests.Embeddings;

/// <summary>
/// The packed weight layout and its product: every output element must be exactly the chain "bias (plus the old
/// output), then one fused multiply-add per input feature in order", whatever the number of rows, so that texts
/// encoded together get the same bits as texts encoded alone.
/// </summary>
public sealed class PackedWeightsTests
{
    [Fact]
    public void Panels_hold_16_output_columns_input_row_by_input_row()
    {
        (float[] rowMajor, PackedWeights packed) = RandomWeights(inWidth: 5, outWidth: 64, seed: 1);
        for (int panel = 0; panel < 4; panel++)
        {
            ReadOnlySpan<float> values = packed.Panel(panel);
            Assert.Equal(5 * PackedWeights.PanelWidth, values.Length);
            for (int i = 0; i < 5; i++)
            {
                for (int c = 0; c < PackedWeights.PanelWidth; c++)
                {
                    Assert.Equal(rowMajor[i * 64 + panel * PackedWeights.PanelWidth + c], values[i * PackedWeights.PanelWidth + c]);
                }
            }
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Every_row_count_gives_the_fused_multiply_add_chain_bit_for_bit(bool accumulate)
    {
        const int inWidth = 37, outWidth = 96;
        (float[] weights, PackedWeights packed) = RandomWeights(inWidth, outWidth, seed: 2);
        var random = new Random(3);
        float[] bias = RandomValues(random, outWidth);
        for (int rows = 0; rows <= 3 * PackedWeights.RowBlock + 1; rows++)
        {
            float[] input = RandomValues(random, rows * inWidth);
            float[] before = RandomValues(random, rows * outWidth);
            float[] output = (float[])before.Clone();
            packed.Multiply(input, rows, bias, output, accumulate);

            for (int t = 0; t < rows; t++)
            {
                for (int j = 0; j < outWidth; j++)
                {
                    float expected = accumulate ? before[t * outWidth + j] + bias[j] : bias[j];
                    for (int i = 0; i < inWidth; i++)
                    {
                        expected = MathF.FusedMultiplyAdd(weights[i * outWidth + j], input[t * inWidth + i], expected);
                    }

                    Assert.True(BitConverter.SingleToInt32Bits(expected) == BitConverter.SingleToInt32Bits(output[t * outWidth + j]),
                        $"rows {rows}, element [{t}, {j}]: {output[t * outWidth + j]:R}, expected {expected:R}");
                }
            }
        }
    }

    [Fact]
    public void A_row_multiplied_with_others_equals_the_row_multiplied_alone()
    {
        const int inWidth = 64, outWidth = 32;
        (_, PackedWeights packed) = RandomWeights(inWidth, outWidth, seed: 4);
        var random = new Random(5);
        float[] bias = RandomValues(random, outWidth);
        const int rows = 2 * PackedWeights.RowBlock + 3;
        float[] input = RandomValues(random, rows * inWidth);
        var together = new float[rows * outWidth];
        packed.Multiply(input, rows, bias, together, accumulate: false);
        for (int t = 0; t < rows; t++)
        {
            var alone = new float[outWidth];
            packed.Multiply(input.AsSpan(t * inWidth, inWidth), 1, bias, alone, accumulate: false);
            Assert.Equal(alone, together.AsSpan(t * outWidth, outWidth).ToArray());
        }
    }

    [Fact]
    public void Shapes_that_do_not_fit_are_refused()
    {
        Assert.Throws<ArgumentException>(() => new PackedWeights(new float[4 * 48], 4, 48));
        Assert.Throws<ArgumentException>(() => new PackedWeights(new float[4 * 32 - 1], 4, 32));
        (_, PackedWeights packed) = RandomWeights(inWidth: 4, outWidth: 32, seed: 6);
        Assert.Throws<ArgumentException>(() => packed.Multiply(new float[7], 2, new float[32], new float[64], accumulate: false));
        Assert.Throws<ArgumentException>(() => packed.Multiply(new float[8], 2, new float[32], new float[63], accumulate: false));
        Assert.Throws<ArgumentException>(() => packed.Multiply(new float[8], 2, new float[16], new float[64], accumulate: false));
    }

    private static (float[] RowMajor, PackedWeights Packed) RandomWeights(int inWidth, int outWidth, int seed)
    {
        float[] rowMajor = RandomValues(new Random(seed), inWidth * outWidth);
        return (rowMajor, new PackedWeights(rowMajor, inWidth, outWidth));
    }

    private static float[] RandomValues(Random random, int count) =>
        Enumerable.Range(0, count).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();
}
