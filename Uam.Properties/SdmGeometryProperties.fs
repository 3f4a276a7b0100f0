/// The SDM geometry's identities (spec §7): brute-force enumeration for n ≤ 10, the staircase, the edges, the sum
/// identity, the agreement of the exact, log-space and all-radii computations, and invariance to the neuron count.
module Uam.Properties.SdmGeometryProperties

open System
open System.Numerics
open FsCheck
open FsCheck.FSharp
open Xunit
open Uam.Runtime.Memory

/// (n, d, d_v) with 1 ≤ n ≤ maxN, 0 ≤ d ≤ n, 0 ≤ d_v ≤ n.
let private triple maxN =
    gen {
        let! n = Gen.choose (1, maxN)
        let! d = Gen.choose (0, n)
        let! dv = Gen.choose (0, n)
        return n, d, dv
    }

let private popCount (x: int) = BitOperations.PopCount(uint32 x)

/// |B(x, d) ∩ B(y, d)| by enumerating all 2ⁿ addresses, with x = 0 and y the first d_v bits set.
let private bruteForce n d dv =
    let y = (1 <<< dv) - 1
    seq { 0 .. (1 <<< n) - 1 } |> Seq.filter (fun z -> popCount z <= d && popCount (z ^^^ y) <= d) |> Seq.length |> BigInteger

[<Fact>]
let ``Both exact forms equal brute-force enumeration for n ≤ 10`` () =
    Prop.forAll (Arb.fromGen (triple 10)) (fun (n, d, dv) ->
        let truth = bruteForce n d dv
        truth = CircleIntersection.Exact(n, d, dv, IntersectionForm.Interpretable)
        && truth = CircleIntersection.Exact(n, d, dv, IntersectionForm.Lune))
    |> Generators.check "circle intersection = enumeration" 300

[<Fact>]
let ``Log space and both tables equal the logarithm of the exact count`` () =
    Prop.forAll (Arb.fromGen (triple 120)) (fun (n, d, dv) ->
        let exact = CircleIntersection.Exact(n, d, dv)
        let expected = if exact.IsZero then Double.NegativeInfinity else BigInteger.Log exact
        let close (x: float) = if exact.IsZero then Double.IsNegativeInfinity x else abs (x - expected) <= 1e-11 * max 1.0 expected
        close (CircleIntersection.Log(n, d, dv)) && close (CircleIntersection.LogTable(n, d).[dv]) && close (CircleIntersection.LogTables(n).[d].[dv]))
    |> Generators.check "log intersection = ln exact" 60

/// C(a, b) as a big integer, by Pascal's rule (independent of the library's multiplicative formula).
let private pascal (a: int) (b: int) : BigInteger =
    let row = Array.create (a + 1) BigInteger.Zero
    row.[0] <- BigInteger.One
    for i in 1 .. a do
        for k in i .. -1 .. 1 do row.[k] <- row.[k] + row.[k - 1]
    row.[b]

[<Fact>]
let ``Odd distances intersect like the next even one, the circles meet last at 2d, and I never rises`` () =
    Prop.forAll (Arb.fromGen (triple 200)) (fun (n, d, _) ->
        let at v = CircleIntersection.Exact(n, d, v)
        let counts = Array.init (n + 1) at
        let staircase = seq { 1 .. 2 .. n - 1 } |> Seq.forall (fun v -> counts.[v] = counts.[v + 1])
        let edges =
            counts.[0] = HammingBall.Size(n, d)
            && (2 * d > n || counts.[2 * d] = CircleIntersection.Exact(2 * d, d, 2 * d) && counts.[2 * d] = pascal (2 * d) d)
            && Array.forall (fun (v, c: BigInteger) -> v <= 2 * d || c.IsZero) (Array.indexed counts)
        let falling = Array.pairwise counts |> Array.forall (fun (a, b) -> b <= a)
        staircase && edges && falling)
    |> Generators.check "staircase, edges, monotone" 60

[<Fact>]
let ``Summed over every centre, intersections give the ball squared`` () =
    // Σ_y |B(x, d) ∩ B(y, d)| = Σ_z |{y : H(y, z) ≤ d}|·[H(x, z) ≤ d] = |B(d)|², and there are C(n, d_v) centres at d_v.
    Prop.forAll (Arb.fromGen (triple 90)) (fun (n, d, _) ->
        let ball = HammingBall.Size(n, d)
        Seq.sum (seq { for v in 0 .. n -> pascal n v * CircleIntersection.Exact(n, d, v) }) = ball * ball)
    |> Generators.check "Σ C(n, d_v) I(d_v) = |B(d)|²" 60

[<Fact>]
let ``Normalised weights and fitted betas do not depend on the neuron count`` () =
    let gen =
        gen {
            let! n = Gen.choose (8, 400)
            let! d = Gen.choose (2, n / 2)
            let! logR = Gen.choose (1, 200)
            return n, d, float logR
        }
    Prop.forAll (Arb.fromGen gen) (fun (n, d, logR) ->
        // Expected neurons are I·r/2ⁿ: ln r shifts every logarithm alike.
        let table = CircleIntersection.LogTable(n, d)
        let scaled = table |> Array.map (fun l -> l + logR - float n * Math.Log 2.0)
        let weights, weightsScaled = BetaFit.Normalise table, BetaFit.Normalise scaled
        let cosines = Array.init d (fun v -> HammingCosine.Cosine(n, v))
        let fit = BetaFit.Regression(cosines, table.[.. d - 1])
        let fitScaled = BetaFit.Regression(cosines, scaled.[.. d - 1])
        Array.forall2 (fun (a: float) b -> abs (a - b) <= 1e-12 + 1e-9 * a) weights weightsScaled
        && abs (fit.Beta - fitScaled.Beta) <= 1e-9 * abs fit.Beta
        && abs (fitScaled.Intercept - fit.Intercept - (logR - float n * Math.Log 2.0)) <= 1e-7 * (1.0 + abs fit.Intercept))
    |> Generators.check "invariance to r" 60

[<Fact>]
let ``The quirk slope is the least-squares slope times N over N − 1`` () =
    let gen =
        gen {
            let! count = Gen.choose (2, 30)
            let! xs = Gen.arrayOfLength count (Gen.choose (-1000, 1000))
            let! ys = Gen.arrayOfLength count (Gen.choose (-1000, 1000))
            return Array.map float xs, Array.map float ys
        }
    Prop.forAll (Arb.fromGen gen) (fun (xs, ys) ->
        let spread = Array.max xs - Array.min xs
        spread = 0.0
        || (let quirk = BetaFit.Regression(xs, ys, SlopeConvention.Quirk).Beta
            let ols = BetaFit.Regression(xs, ys, SlopeConvention.Ols).Beta
            let n = float xs.Length
            // Against the textbook slope Σ(x − x̄)(y − ȳ)/Σ(x − x̄)², computed here independently.
            let mx, my = Array.average xs, Array.average ys
            let textbook = Array.sum (Array.map2 (fun x y -> (x - mx) * (y - my)) xs ys) / Array.sumBy (fun x -> (x - mx) ** 2.0) xs
            abs (ols - textbook) <= 1e-9 * (1.0 + abs textbook) && abs (quirk - ols * n / (n - 1.0)) <= 1e-9 * (1.0 + abs quirk)))
    |> Generators.check "quirk = OLS·N/(N−1)" 200

[<Fact>]
let ``Cap intersections shrink as the centres part and vanish at twice the cap angle`` () =
    let gen =
        gen {
            let! n = Gen.choose (3, 300)
            let! d = Gen.choose (1, n / 2)
            let! a = Gen.choose (0, 1000)
            let! b = Gen.choose (0, 1000)
            return n, d, float (min a b) / 1000.0, float (max a b) / 1000.0
        }
    Prop.forAll (Arb.fromGen gen) (fun (n, d, s, t) ->
        let cap = CapIntersection.CapAngle(n, d)
        // centre angles s·2θ₁ ≤ t·2θ₁ inside the meeting range, and one beyond it
        let near = CapIntersection.LogArea(n, cap, s * 2.0 * cap * 0.999)
        let far = CapIntersection.LogArea(n, cap, t * 2.0 * cap * 0.999)
        let quirk = CapIntersection.LogArea(n, cap, t * 2.0 * cap * 0.999, CapLogFactor.Quirk2)
        near >= far - 1e-9 * abs far
        && Double.IsNegativeInfinity(CapIntersection.LogArea(n, cap, min Math.PI (2.0 * cap)))
        && (Double.IsNegativeInfinity far || abs (quirk - far - (2.0 - Math.Log 2.0)) < 1e-9 * (1.0 + abs far)))
    |> Generators.check "cap monotone" 60
