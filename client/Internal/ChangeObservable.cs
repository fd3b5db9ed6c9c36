namespace Orleans.GameState.Client.Internal;

/// <summary>A minimal hot observable: the client pushes changes, subscribers receive those after they subscribed.</summary>
internal sealed class ChangeObservable<T> : IObservable<T>
{
    private readonly object _lock = new();
    private IObserver<T>[] _observers = [];
    private bool _completed;

    public IDisposable Subscribe(IObserver<T> observer)
    {
        ArgumentNullException.ThrowIfNull(observer);
        lock (_lock)
        {
            if (_completed)
            {
                observer.OnCompleted();
                return new Subscription(this, observer);
            }

            _observers = [.. _observers, observer];
        }

        return new Subscription(this, observer);
    }

    /// <summary>Delivers to every subscriber; one that throws is reported to <paramref name="onError"/> and the others still get it.</summary>
    public void Publish(T value, Action<Exception> onError)
    {
        IObserver<T>[] observers;
        lock (_lock)
        {
            observers = _observers;
        }

        foreach (var observer in observers)
        {
            try
            {
                observer.OnNext(value);
            }
            catch (Exception e)
            {
                onError(e);
            }
        }
    }

    public void Complete()
    {
        IObserver<T>[] observers;
        lock (_lock)
        {
            if (_completed)
            {
                return;
            }

            _completed = true;
            observers = _observers;
            _observers = [];
        }

        foreach (var observer in observers)
        {
            try
            {
                observer.OnCompleted();
            }
            catch
            {
                // A subscriber's failure on completion must not stop the others from completing.
            }
        }
    }

    private void Remove(IObserver<T> observer)
    {
        lock (_lock)
        {
            _observers = _observers.Where(o => !ReferenceEquals(o, observer)).ToArray();
        }
    }

    private sealed class Subscription(ChangeObservable<T> owner, IObserver<T> observer) : IDisposable
    {
        public void Dispose() => owner.Remove(observer);
    }
}
