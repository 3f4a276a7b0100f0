/* The C ABI of liblunar.so: LunarLander-v2's rigid bodies on Box2D 2.4.1 (docs/environments.md, "LunarLander").
 *
 * The shim owns one Box2D world per handle and knows the lander's geometry (bodies, fixtures, joints, the
 * contact listener); everything random or computed from the state (terrain heights, engine impulses,
 * observation, reward, the emulated sleep rule) is the caller's. Every function returns LUNAR_OK or an error
 * code whose message lunar_last_error() holds until the next call on the same thread; no C++ exception
 * crosses this boundary. */
#ifndef LUNAR_API_H
#define LUNAR_API_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define LUNAR_API __attribute__((visibility("default")))

/* Bump when a signature or a struct below changes; the binding checks it at load. */
#define LUNAR_ABI_VERSION 2

enum {
  LUNAR_OK = 0,
  LUNAR_ERR_ARGUMENT = 1,      /* a null pointer, a count or a value out of range, a non-finite number */
  LUNAR_ERR_STATE = 2,         /* a call in the wrong state (a step before the first reset) */
  LUNAR_ERR_OUT_OF_MEMORY = 3,
  LUNAR_ERR_STD = 4,           /* any other C++ exception, with its message */
  LUNAR_ERR_UNKNOWN = 5,
};

/* The bodies, in creation order; also the ids of lunar_contact_event. */
enum {
  LUNAR_GROUND = 0,
  LUNAR_LANDER = 1,
  LUNAR_LEG0 = 2, /* legs[0]: created with i = -1, on the +x side */
  LUNAR_LEG1 = 3,
};

typedef struct lunar_world lunar_world;

/* One dynamic body as Box2D holds it after a step: body origin, angle, centre-of-mass velocity. */
typedef struct lunar_body_state {
  float x, y, angle, vx, vy, angular_velocity;
  int32_t awake; /* b2Body::IsAwake(); always 1 when the world does not allow sleeping */
} lunar_body_state;

/* An impulse (jx, jy) applied to the lander at the world point (qx, qy). */
typedef struct lunar_impulse {
  float jx, jy, qx, qy;
} lunar_impulse;

typedef struct lunar_state {
  lunar_body_state lander;
  lunar_body_state legs[2];
  int32_t game_over;      /* the lander's hull began touching something (the reference's flag, never cleared) */
  int32_t leg_contact[2]; /* booleans, set by a leg's BeginContact and cleared by any of its EndContacts */
} lunar_state;

LUNAR_API int32_t lunar_abi_version(void);
LUNAR_API const char* lunar_last_error(void);
/* Worlds alive in this process (for leak tests). */
LUNAR_API int64_t lunar_live_worlds(void);

LUNAR_API int32_t lunar_create(lunar_world** out);
LUNAR_API void lunar_destroy(lunar_world* world);

/* Replaces the world by a fresh one: gravity (0, -10), sleeping allowed or not; ground (the edge (0,0)-(width,0),
 * then the terrain edges between consecutive (x[i], y[i])), the lander with the force (fx, fy) on its centre, legs[0]
 * with its joint, legs[1] with its joint. Does not step. */
LUNAR_API int32_t lunar_reset(lunar_world* world, const float* terrain_x, const float* terrain_y, int32_t points, float width,
                              float fx, float fy, int32_t allow_sleeping);

/* Applies the impulses to the lander in order (0 to 2: the continuous lander can fire its main and a side engine in
 * one step), then one world step Step(0.02, 180, 60); writes the state after it. */
LUNAR_API int32_t lunar_step(lunar_world* world, const lunar_impulse* impulses, int32_t count, lunar_state* out);

/* The state without stepping. */
LUNAR_API int32_t lunar_read(lunar_world* world, lunar_state* out);

/* Mass properties as Box2D computed them: mass, centre of mass in the body frame, rotational inertia about the centre
 * of mass. body: LUNAR_LANDER, LUNAR_LEG0 or LUNAR_LEG1. */
LUNAR_API int32_t lunar_mass(lunar_world* world, int32_t body, float* mass, float* center_x, float* center_y, float* inertia);

/* The lander's hull vertices as stored after Box2D's convex-hull routine: count (≤ capacity) and x, y pairs. */
LUNAR_API int32_t lunar_hull(lunar_world* world, float* xy, int32_t capacity, int32_t* count);

/* Feeds the contact listener's rule one event between two bodies (ids above) without Box2D: begin != 0 for
 * BeginContact, 0 for EndContact. The listener calls the same rule; tests use this to check its boolean semantics. */
LUNAR_API int32_t lunar_contact_event(lunar_world* world, int32_t begin, int32_t body_a, int32_t body_b);

#ifdef __cplusplus
}
#endif

#endif
