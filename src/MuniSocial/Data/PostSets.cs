using Microsoft.EntityFrameworkCore;
using MuniSocial.Domain.Posts;

namespace MuniSocial.Data;

/// <summary>The posts feature's tables (their mapping is in Configurations/PostsConfigurations.cs).</summary>
public static class PostSets
{
    public static DbSet<Post> Posts(this AppDbContext db) => db.Set<Post>();

    public static DbSet<SectionPostSettings> SectionPostSettings(this AppDbContext db) => db.Set<SectionPostSettings>();

    public static DbSet<ContentCheckSettings> ContentCheckSettings(this AppDbContext db) => db.Set<ContentCheckSettings>();
}
