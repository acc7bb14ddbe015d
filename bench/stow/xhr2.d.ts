// xhr2 ships no types; the benchmark only installs it as the global XMLHttpRequest.
declare module 'xhr2';
