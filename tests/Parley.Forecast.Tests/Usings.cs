global using Xunit;
global using Parley.Forecast;
global using Parley.Forecast.Model;
