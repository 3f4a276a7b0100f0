// LunarLander-v2's world on Box2D 2.4.1, built as gym's lunar_lander.py builds it (environments-reference §2.2-§2.5,
// §2.15): the same creation order and the same float values, a fresh world per episode, no particles.
#include "contact_rule.hpp"
#include "guard.hpp"

#include <atomic>
#include <cmath>
#include <memory>

namespace {

// gym's constants, in double; a value reaches Box2D rounded to float, as the Python binding hands it over.
constexpr double kScale = 30.0;
constexpr double kViewportW = 600.0, kViewportH = 400.0;
constexpr double kLegAway = 20.0, kLegDown = 18.0, kLegW = 2.0, kLegH = 8.0, kLegSpringTorque = 40.0;
constexpr double kLanderPoly[6][2] = {{-14, 17}, {-17, 0}, {-17, -10}, {17, -10}, {17, 0}, {14, 17}};
constexpr float kTimeStep = static_cast<float>(1.0 / 50.0);
constexpr int32_t kVelocityIterations = 6 * 30, kPositionIterations = 2 * 30;

std::atomic<int64_t> live_worlds{0};

bool finite(float value) { return std::isfinite(value); }

}  // namespace

struct lunar_world {
  lunar::ContactFlags flags;
  lunar::ContactListener listener{flags};
  std::unique_ptr<b2World> world;
  b2Body* lander = nullptr;
  b2Body* legs[2] = {nullptr, nullptr};

  lunar_world() { live_worlds++; }
  ~lunar_world() {
    discard();
    live_worlds--;
  }
  lunar_world(const lunar_world&) = delete;
  lunar_world& operator=(const lunar_world&) = delete;

  // Box2D reports EndContact for touching contacts it destroys: detach the listener before the world goes.
  void discard() {
    if (world) world->SetContactListener(nullptr);
    world.reset();
    lander = legs[0] = legs[1] = nullptr;
  }

  b2World& require_world() {
    if (!world) throw lunar::state_error("the world has no bodies yet: call lunar_reset first");
    return *world;
  }

  b2Body* body(int32_t id) {
    require_world();
    switch (id) {
      case LUNAR_LANDER: return lander;
      case LUNAR_LEG0: return legs[0];
      case LUNAR_LEG1: return legs[1];
      default: throw lunar::argument_error("body must be LUNAR_LANDER (1), LUNAR_LEG0 (2) or LUNAR_LEG1 (3)");
    }
  }
};

namespace {

void tag(b2Body* body, int32_t id) { body->GetUserData().pointer = static_cast<uintptr_t>(id); }

// A dynamic body with one polygon fixture that collides only with the ground (gym's fixtureDef: restitution 0, mask 0x001).
b2Body* create_dynamic(b2World& world, int32_t id, float x, float y, float angle, const b2PolygonShape& shape, float density,
                       float friction, uint16_t category) {
  b2BodyDef body;
  body.type = b2_dynamicBody;
  body.position.Set(x, y);
  body.angle = angle;
  b2Body* created = world.CreateBody(&body);
  tag(created, id);
  b2FixtureDef fixture;
  fixture.shape = &shape;
  fixture.density = density;
  fixture.friction = friction;
  fixture.restitution = 0.0f;
  fixture.filter.categoryBits = category;
  fixture.filter.maskBits = 0x001;
  created->CreateFixture(&fixture);
  return created;
}

b2Body* create_lander(b2World& world) {
  b2Vec2 vertices[6];
  for (int i = 0; i < 6; i++)
    vertices[i].Set(static_cast<float>(kLanderPoly[i][0] / kScale), static_cast<float>(kLanderPoly[i][1] / kScale));
  b2PolygonShape hull;
  hull.Set(vertices, 6);
  return create_dynamic(world, LUNAR_LANDER, static_cast<float>(kViewportW / kScale / 2), static_cast<float>(kViewportH / kScale), 0.0f, hull,
                        5.0f, 0.1f, 0x0010);
}

// i = -1 for legs[0], +1 for legs[1] (gym's loop order).
b2Body* create_leg(b2World& world, b2Body* lander, int i, int32_t id) {
  b2PolygonShape box;
  box.SetAsBox(static_cast<float>(kLegW / kScale), static_cast<float>(kLegH / kScale));
  // gym leaves the legs' friction at Box2D's default.
  b2Body* leg = create_dynamic(world, id, static_cast<float>(kViewportW / kScale / 2 - i * kLegAway / kScale), static_cast<float>(kViewportH / kScale),
                               static_cast<float>(i * 0.05), box, 1.0f, b2FixtureDef().friction, 0x0020);

  b2RevoluteJointDef joint;
  joint.bodyA = lander;
  joint.bodyB = leg;
  joint.localAnchorA.Set(0.0f, 0.0f);
  joint.localAnchorB.Set(static_cast<float>(i * kLegAway / kScale), static_cast<float>(kLegDown / kScale));
  joint.referenceAngle = 0.0f;
  joint.enableMotor = true;
  joint.enableLimit = true;
  joint.maxMotorTorque = static_cast<float>(kLegSpringTorque);
  joint.motorSpeed = static_cast<float>(0.3 * i);
  if (i == -1) {
    joint.lowerAngle = static_cast<float>(0.9 - 0.5);
    joint.upperAngle = static_cast<float>(0.9);
  } else {
    joint.lowerAngle = static_cast<float>(-0.9);
    joint.upperAngle = static_cast<float>(-0.9 + 0.5);
  }
  world.CreateJoint(&joint);
  return leg;
}

lunar_body_state read_body(const b2Body* body) {
  const b2Vec2 position = body->GetPosition(), velocity = body->GetLinearVelocity();
  return {position.x, position.y, body->GetAngle(), velocity.x, velocity.y, body->GetAngularVelocity(), body->IsAwake() ? 1 : 0};
}

void read_state(lunar_world& w, lunar_state* out) {
  lunar::require(out != nullptr, "out is null");
  w.require_world();
  out->lander = read_body(w.lander);
  out->legs[0] = read_body(w.legs[0]);
  out->legs[1] = read_body(w.legs[1]);
  out->game_over = w.flags.game_over ? 1 : 0;
  out->leg_contact[0] = w.flags.leg_contact[0] ? 1 : 0;
  out->leg_contact[1] = w.flags.leg_contact[1] ? 1 : 0;
}

lunar_world& require_handle(lunar_world* world) {
  lunar::require(world != nullptr, "the world handle is null");
  return *world;
}

}  // namespace

std::string& lunar::last_error() noexcept {
  thread_local std::string message;
  return message;
}

extern "C" {

int32_t lunar_abi_version(void) { return LUNAR_ABI_VERSION; }

const char* lunar_last_error(void) { return lunar::last_error().c_str(); }

int64_t lunar_live_worlds(void) { return live_worlds.load(); }

int32_t lunar_create(lunar_world** out) {
  return lunar::guard([&] {
    lunar::require(out != nullptr, "out is null");
    *out = nullptr;
    *out = new lunar_world();
  });
}

void lunar_destroy(lunar_world* world) { delete world; }

int32_t lunar_reset(lunar_world* handle, const float* terrain_x, const float* terrain_y, int32_t points, float width, float fx,
                    float fy, int32_t allow_sleeping) {
  return lunar::guard([&] {
    lunar_world& w = require_handle(handle);
    lunar::require(terrain_x != nullptr && terrain_y != nullptr, "the terrain arrays are null");
    lunar::require(points >= 2 && points <= 1024, "the terrain needs 2 to 1024 points");
    lunar::require(finite(width) && width > 0, "the width must be positive and finite");
    lunar::require(finite(fx) && finite(fy), "the initial force must be finite");
    for (int32_t i = 0; i < points; i++) lunar::require(finite(terrain_x[i]) && finite(terrain_y[i]), "a terrain point is not finite");
    for (int32_t i = 1; i < points; i++) lunar::require(terrain_x[i] > terrain_x[i - 1], "the terrain's x must increase");

    w.discard();
    w.flags = lunar::ContactFlags{};
    auto world = std::make_unique<b2World>(b2Vec2(0.0f, -10.0f));
    world->SetAllowSleeping(allow_sleeping != 0);
    world->SetContactListener(&w.listener);

    // Ground: the base edge first (default fixture: friction 0.2), then the terrain edges (friction 0.1), no ghost
    // vertices.
    b2BodyDef ground_body;
    b2Body* ground = world->CreateBody(&ground_body);
    tag(ground, LUNAR_GROUND);
    b2EdgeShape base;
    base.SetTwoSided(b2Vec2(0.0f, 0.0f), b2Vec2(width, 0.0f));
    b2FixtureDef base_fixture;
    base_fixture.shape = &base;
    ground->CreateFixture(&base_fixture);
    for (int32_t i = 0; i + 1 < points; i++) {
      b2EdgeShape edge;
      edge.SetTwoSided(b2Vec2(terrain_x[i], terrain_y[i]), b2Vec2(terrain_x[i + 1], terrain_y[i + 1]));
      b2FixtureDef fixture;
      fixture.shape = &edge;
      fixture.density = 0.0f;
      fixture.friction = 0.1f;
      ground->CreateFixture(&fixture);
    }

    b2Body* lander = create_lander(*world);
    lander->ApplyForceToCenter(b2Vec2(fx, fy), true);
    b2Body* leg0 = create_leg(*world, lander, -1, LUNAR_LEG0);
    b2Body* leg1 = create_leg(*world, lander, +1, LUNAR_LEG1);
    w.world = std::move(world);
    w.lander = lander;
    w.legs[0] = leg0;
    w.legs[1] = leg1;
  });
}

int32_t lunar_step(lunar_world* handle, const lunar_impulse* impulses, int32_t count, lunar_state* out) {
  return lunar::guard([&] {
    lunar_world& w = require_handle(handle);
    lunar::require(out != nullptr, "out is null");
    lunar::require(count >= 0 && count <= 2, "a step fires 0 to 2 impulses");
    lunar::require(count == 0 || impulses != nullptr, "the impulses are null");
    b2World& world = w.require_world();
    for (int32_t i = 0; i < count; i++) {
      const lunar_impulse& impulse = impulses[i];
      lunar::require(finite(impulse.jx) && finite(impulse.jy) && finite(impulse.qx) && finite(impulse.qy), "an impulse or its point is not finite");
    }
    for (int32_t i = 0; i < count; i++)
      w.lander->ApplyLinearImpulse(b2Vec2(impulses[i].jx, impulses[i].jy), b2Vec2(impulses[i].qx, impulses[i].qy), true);
    world.Step(kTimeStep, kVelocityIterations, kPositionIterations);
    read_state(w, out);
  });
}

int32_t lunar_read(lunar_world* handle, lunar_state* out) {
  return lunar::guard([&] { read_state(require_handle(handle), out); });
}

int32_t lunar_mass(lunar_world* handle, int32_t id, float* mass, float* center_x, float* center_y, float* inertia) {
  return lunar::guard([&] {
    lunar::require(mass != nullptr && center_x != nullptr && center_y != nullptr && inertia != nullptr, "an output is null");
    const b2Body* body = require_handle(handle).body(id);
    const b2Vec2 center = body->GetLocalCenter();
    *mass = body->GetMass();
    *center_x = center.x;
    *center_y = center.y;
    // GetInertia is about the body origin; Box2D keeps the inertia about the centre as I - m·|c|² internally.
    *inertia = body->GetInertia() - body->GetMass() * b2Dot(center, center);
  });
}

int32_t lunar_hull(lunar_world* handle, float* xy, int32_t capacity, int32_t* count) {
  return lunar::guard([&] {
    lunar::require(xy != nullptr && count != nullptr, "an output is null");
    const b2Body* lander = require_handle(handle).body(LUNAR_LANDER);
    const auto* hull = static_cast<const b2PolygonShape*>(lander->GetFixtureList()->GetShape());
    lunar::require(capacity >= hull->m_count, "capacity is smaller than the hull's vertex count");
    for (int32_t i = 0; i < hull->m_count; i++) {
      xy[2 * i] = hull->m_vertices[i].x;
      xy[2 * i + 1] = hull->m_vertices[i].y;
    }
    *count = hull->m_count;
  });
}

int32_t lunar_contact_event(lunar_world* handle, int32_t begin, int32_t body_a, int32_t body_b) {
  return lunar::guard([&] {
    lunar_world& w = require_handle(handle);
    lunar::require(body_a >= LUNAR_GROUND && body_a <= LUNAR_LEG1 && body_b >= LUNAR_GROUND && body_b <= LUNAR_LEG1,
                   "body ids are 0 (ground) to 3 (legs[1])");
    if (begin != 0)
      w.flags.begin(body_a, body_b);
    else
      w.flags.end(body_a, body_b);
  });
}

}  // extern "C"
