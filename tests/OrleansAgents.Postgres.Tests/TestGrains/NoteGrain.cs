namespace OrleansAgents.Postgres.Tests.TestGrains;

public sealed class NoteGrain([PersistentState("s", "pg")] IPersistentState<NoteState> state) : Grain, INoteGrain
{
    public async Task SetAsync(string text)
    {
        state.State.Text = text;
        await state.WriteStateAsync();
    }

    public Task<string?> GetAsync() => Task.FromResult(state.State.Text);
}

public sealed class NoteState
{
    public string? Text { get; set; }
}
