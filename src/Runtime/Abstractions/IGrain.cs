namespace OrleansSearch.Runtime;

/// <summary>Marker for grain interfaces. Every method returns <see cref="Task"/>, <see cref="Task{T}"/>, <see cref="ValueTask"/> or <see cref="ValueTask{T}"/>.</summary>
public interface IGrain;

/// <summary>A grain addressed by a string key, the only kind of key this runtime has.</summary>
public interface IGrainWithStringKey : IGrain;
