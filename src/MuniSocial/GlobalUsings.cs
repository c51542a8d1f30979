// The namespaces that nearly every page, endpoint and use case of the web app needs, said once here instead
// of at the top of each file (the SDK's ImplicitUsings does the same for System.*). Anything narrower stays
// with the file that uses it.
global using Microsoft.AspNetCore.Mvc;
global using Microsoft.AspNetCore.Mvc.RazorPages;
global using Microsoft.EntityFrameworkCore;
global using MuniSocial.Data;
global using MuniSocial.Domain;
global using MuniSocial.Domain.Accounts;
global using MuniSocial.Features.Shared;
global using MuniSocial.Infrastructure.Api;
global using MuniSocial.Infrastructure.Identity;
