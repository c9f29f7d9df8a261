using Orleans.Storage;

namespace OrleansSearch.Silo.Storage;

/// <summary>Settings of one named <see cref="SqliteGrainStorage"/>.</summary>
public sealed class SqliteGrainStorageOptions : IStorageProviderSerializerOptions
{
    /// <summary>A Microsoft.Data.Sqlite connection string (<c>Data Source=path</c>). Never logged.</summary>
    public string ConnectionString { get; set; } = "";

    /// <summary>How state is turned into the stored payload; <see cref="JsonGrainStorageSerializer"/> unless replaced.</summary>
    public IGrainStorageSerializer GrainStorageSerializer { get; set; } = new JsonGrainStorageSerializer();
}
